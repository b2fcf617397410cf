import fs from "node:fs";
import path from "node:path";

/** A line sink: stdout, or a file written to a temporary name and renamed when complete. */
export interface LineSink {
  write(line: string): Promise<void>;
  close(): Promise<void>;
  abort(): void;
}

/** Opens a line sink for `--out FILE` (or stdout when no file is given). */
export function openLineSink(file: string | undefined): LineSink {
  const target = file ? path.resolve(file) : undefined;
  const tmp = target ? path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`) : undefined;
  const stream: NodeJS.WritableStream = tmp ? fs.createWriteStream(tmp, { flags: "w" }) : process.stdout;
  return {
    async write(line: string) {
      if (!stream.write(line + "\n")) await new Promise<void>((r) => stream.once("drain", () => r()));
    },
    async close() {
      if (!tmp || !target) return;
      await new Promise<void>((resolve, reject) => (stream as fs.WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
      fs.renameSync(tmp, target);
    },
    abort() {
      if (tmp) {
        (stream as fs.WriteStream).destroy();
        fs.rmSync(tmp, { force: true });
      }
    },
  };
}
