/**
 * The file writes of an export, done in Node's thread pool while the next page renders. Written one
 * after the other, creating each page's folder and file held the export for a third of its time
 * and more on a busy disk (measured on the 2,000-victim demo: 6.5 s of 18 s in `mkdir` and `open`),
 * time in which a thread of the pool could do the work while this one renders.
 */
import fs from "node:fs/promises";
import path from "node:path";

// A folder known to exist, or a file with nothing queued on it: one settled promise for all.
const MADE: Promise<void> = Promise.resolve();

/**
 * Operations on files run in the background, a bounded number at a time, those on one file in the
 * order queued; an operation that creates its file first asks for its folder (`folderOf`). The
 * first failure is kept and thrown by the next `room` or `settled`, so a full disk still stops the
 * export.
 */
export class FileQueue {
  #inFlight = 0;
  #failure: { error: unknown } | undefined;
  readonly #byFile = new Map<string, Promise<void>>();
  readonly #dirs = new Map<string, Promise<void>>();
  #waiters: (() => void)[] = [];

  /** @param limit operations queued at most before `room` waits (each holds its file's bytes) */
  constructor(private readonly limit = 64) {}

  /** Queues `op` on the absolute path `file`, after the operations queued on it before. */
  run(file: string, op: () => Promise<void>): void {
    const before = this.#byFile.get(file) ?? MADE;
    this.#inFlight++;
    const done: Promise<void> = before
      .then(op)
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .finally(() => {
        this.#inFlight--;
        if (this.#byFile.get(file) === done) this.#byFile.delete(file);
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const w of waiters) w();
      });
    this.#byFile.set(file, done);
  }

  /**
   * Creates the folder of an absolute path, for an operation about to create the file: once,
   * however many files are queued into it at the same time (an operation that finds its file
   * unchanged never asks, and leaves no empty folder).
   */
  folderOf(file: string): Promise<void> {
    const dir = path.dirname(file);
    let made = this.#dirs.get(dir);
    if (!made) {
      made = fs.mkdir(dir, { recursive: true }).then(() => {
        this.#dirs.set(dir, MADE);
      });
      this.#dirs.set(dir, made);
    }
    return made;
  }

  /**
   * Waits until fewer than the limit are queued.
   * @throws the first failure of a queued operation
   */
  async room(): Promise<void> {
    while (this.#inFlight >= this.limit) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#throwFailure();
  }

  /**
   * Waits until every queued operation has finished.
   * @throws the first failure of a queued operation
   */
  async settled(): Promise<void> {
    await this.drained();
    this.#throwFailure();
  }

  /** Waits until every queued operation has finished, whether or not one failed (before removing what they wrote). */
  async drained(): Promise<void> {
    while (this.#inFlight > 0) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  #throwFailure(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
