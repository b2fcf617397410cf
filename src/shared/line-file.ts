/**
 * Writes a file line by line in chunks of about a megabyte. A file of millions of lines (the scored
 * pairs of a million-record linkage) built as one string first costs gigabytes: an array of every
 * line and their join, both alive at once.
 */
import { closeSync, openSync, writeSync } from "node:fs";

const CHUNK_CHARS = 1 << 20;

/** Writes all of `text`: one write call may take only part of a buffer. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

/**
 * Writes `count` lines (`lineOf(0)` … `lineOf(count - 1)`, each followed by "\n") to `file`,
 * replacing it, without holding more than a chunk of them in memory.
 * @example writeLines("out.csv", rows.length, (k) => rows[k]!.join(","))
 */
export function writeLines(file: string, count: number, lineOf: (k: number) => string): void {
  const fd = openSync(file, "w");
  try {
    let chunk: string[] = [];
    let chars = 0;
    for (let k = 0; k < count; k++) {
      const line = lineOf(k);
      chunk.push(line);
      chars += line.length + 1;
      if (chars >= CHUNK_CHARS) {
        writeAll(fd, chunk.join("\n") + "\n");
        chunk = [];
        chars = 0;
      }
    }
    if (chunk.length > 0) writeAll(fd, chunk.join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `chunks` to `file` one after another as they come, replacing the file.
 * @example writeChunks("pairs.csv", pairsCsvChunks(ids, pairs, 6))
 */
export function writeChunks(file: string, chunks: Iterable<Uint8Array>): void {
  const fd = openSync(file, "w");
  try {
    for (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
    }
  } finally {
    closeSync(fd);
  }
}
