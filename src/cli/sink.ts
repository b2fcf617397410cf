import fs from "node:fs";
import path from "node:path";
import { validationError } from "../shared/errors.ts";

/** A line sink: stdout, or a file written to a temporary name and renamed when complete. */
export interface LineSink {
  write(line: string): Promise<void>;
  close(): Promise<void>;
  abort(): void;
}

/**
 * Opens a line sink for `--out FILE` (or stdout when no file is given). The file's folder is
 * created like `sabt backup` does; a file that cannot be written (no permission, disk full) is
 * a clear error from `write` or `close`, never an unhandled stream error.
 * @throws SabtError validation_failed when the file's folder cannot be created.
 */
export function openLineSink(file: string | undefined): LineSink {
  if (!file) return stdoutSink();
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
  } catch (e) {
    throw validationError(`--out: cannot create the folder of ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const stream = fs.createWriteStream(tmp, { flags: "w" });
  // Remembered, and raised by the next write or close: the stream reports errors as events.
  let failure: Error | undefined;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    failure ??= validationError(`--out: cannot write ${file} (${e.code ?? e.message})`);
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    async write(line: string) {
      check();
      if (!stream.write(line + "\n")) await settled(stream, "drain");
      check();
    },
    async close() {
      check();
      const ended = settled(stream, "finish");
      stream.end();
      await ended;
      check();
      fs.renameSync(tmp, target);
    },
    abort() {
      stream.destroy();
      // Best effort: failing to tidy up must not hide the error that made the caller abort.
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* left for the user to remove; it never has the final name */
      }
    },
  };
}

/** Resolves on `event` or on an error (which the sink's own listener records), removing both listeners. */
function settled(stream: fs.WriteStream, event: "drain" | "finish"): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off(event, done);
      stream.off("error", done);
      resolve();
    };
    stream.on(event, done);
    stream.on("error", done);
  });
}

function stdoutSink(): LineSink {
  return {
    async write(line: string) {
      if (!process.stdout.write(line + "\n")) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
    },
    async close() {},
    abort() {},
  };
}
