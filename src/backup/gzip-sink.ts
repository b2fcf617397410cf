/**
 * The compressed output of a backup file, written in blocks of about 1 MiB, each its own gzip
 * member (RFC 1952 lets a file hold several, and every gzip reader, Node's included, reads them
 * as one stream; deflate's window is 32 KiB, so the blocks compress as well as one stream).
 *
 * Why blocks: a backup written in the server's thread (PostgreSQL) compresses in Node's thread
 * pool so the thread never waits; a backup written in a worker thread (the embedded engine's
 * automatic backup) compresses on that worker itself, which runs at a lower CPU priority than the
 * server's thread, where the thread pool's threads would run at the server's own priority and
 * take CPU time from its requests on a busy machine.
 */
import fs from "node:fs";
import { promisify } from "node:util";
import zlib from "node:zlib";

const BLOCK = 1024 * 1024;
const LEVEL = 6;
const gzip = promisify(zlib.gzip);
const write = promisify(fs.write);

/** A sink of text lines to a gzip file. */
export interface GzipSink {
  /** Adds text; resolves when it is buffered or written. */
  write(text: string): Promise<void>;
  /** Writes what is buffered and closes the file. */
  end(): Promise<void>;
  /** Closes the file without writing what is buffered. */
  abort(): void;
}

/**
 * A sink writing to the open file `fd`, compressing on the calling thread (`onThisThread`, for a
 * worker) or in Node's thread pool.
 */
export function gzipSink(fd: number, options: { onThisThread: boolean }): GzipSink {
  let parts: string[] = [];
  let size = 0;
  let closed = false;
  const writeAll = async (buf: Buffer) => {
    for (let at = 0; at < buf.length; ) {
      at += options.onThisThread ? fs.writeSync(fd, buf, at) : (await write(fd, buf, at)).bytesWritten;
    }
  };
  const flush = async () => {
    if (size === 0) return;
    const raw = Buffer.from(parts.join(""));
    parts = [];
    size = 0;
    await writeAll(options.onThisThread ? zlib.gzipSync(raw, { level: LEVEL }) : await gzip(raw, { level: LEVEL }));
  };
  const close = () => {
    if (closed) return;
    closed = true;
    fs.closeSync(fd);
  };
  return {
    async write(text) {
      parts.push(text);
      size += text.length;
      if (size >= BLOCK) await flush();
    },
    async end() {
      await flush();
      close();
    },
    abort: close,
  };
}
