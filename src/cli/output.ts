/**
 * The only module that writes to the terminal (lint bans `console` elsewhere). Commands print
 * results to stdout and progress to stderr, so `--json` output stays machine-readable.
 */

/** Prints one line of human-readable output to stdout. */
export function print(line: string): void {
  process.stdout.write(line + "\n");
}

/** Prints a value as one JSON document to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

/** Prints a warning or error line to stderr. */
export function printError(line: string): void {
  process.stderr.write(line + "\n");
}

/**
 * A progress reporter for long work: rewrites one stderr line on a terminal, prints occasional
 * lines otherwise (CI logs), and nothing when quiet.
 */
export function progress(label: string, total: number, quiet = false) {
  const tty = process.stderr.isTTY;
  let last = 0;
  const started = Date.now();
  return {
    update(done: number, newTotal?: number) {
      if (newTotal !== undefined) total = newTotal;
      if (quiet) return;
      const now = Date.now();
      if (now - last < (tty ? 200 : 5000) && done < total) return;
      last = now;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const text = `${label}: ${done}/${total} (${pct}%, ${Math.round(rate)}/s)`;
      process.stderr.write(tty ? `\r${text}\x1b[K` : text + "\n");
    },
    done() {
      if (!quiet && tty) process.stderr.write("\n");
    },
  };
}
