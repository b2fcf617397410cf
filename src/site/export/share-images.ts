/**
 * The export's share images, drawn while the crawl goes on: each share PNG a page names is read as
 * its SVG source through the app (on this thread) and drawn in the pool's threads, so that the
 * drawing uses the other cores while this thread renders pages. A bounded number is in flight at a
 * time, so memory stays flat however many people the collection holds.
 */
import type { SharePngPool } from "../share/png-pool.ts";
import type { Fetcher } from "./crawl.ts";

/** What the drawer does with its results. */
export interface ShareImageSink {
  /** Stores a drawn PNG under its site path. */
  write(sitePath: string, png: Uint8Array): void;
  /** Notes a share image whose card does not exist (its SVG did not answer 200). */
  missing(sitePath: string): void;
  /** Progress: images written, of those found so far. */
  progress?(done: number, total: number): void;
}

/** Draws share PNGs as they are found; `drain` waits for the last one. */
export class ShareImageDrawer {
  readonly #seen = new Set<string>();
  #queue: string[] = [];
  #running = 0;
  #done = 0;
  #total = 0;
  #failed: { error: unknown } | undefined;
  #waiters: (() => void)[] = [];

  constructor(
    private readonly app: Fetcher,
    private readonly pool: SharePngPool,
    private readonly sink: ShareImageSink,
    private readonly limit: number,
  ) {}

  /** Queues a share PNG's site path; one named by many pages (the site's card) is drawn once. */
  add(sitePath: string): void {
    if (this.#seen.has(sitePath)) return;
    this.#seen.add(sitePath);
    this.#queue.push(sitePath);
    this.#total++;
    this.#pump();
  }

  /** Throws the first failure, if any (checked by the crawl between pages). */
  check(): void {
    if (this.#failed) throw this.#failed.error;
  }

  /** Resolves when every queued image is written; rejects with the first failure. */
  async drain(): Promise<void> {
    while (!this.#failed && (this.#running > 0 || this.#queue.length > 0)) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.check();
    this.sink.progress?.(this.#done, this.#total);
  }

  #pump(): void {
    while (!this.#failed && this.#running < this.limit && this.#queue.length > 0) {
      const p = this.#queue.shift()!;
      this.#running++;
      this.#one(p)
        .catch((e: unknown) => {
          this.#failed ??= { error: e };
        })
        .finally(() => {
          this.#running--;
          this.#pump();
          for (const w of this.#waiters.splice(0)) w();
        });
    }
  }

  async #one(p: string): Promise<void> {
    const res = await this.app.request(p.replace(/\.png$/, ".svg"));
    if (res.status !== 200) {
      await res.arrayBuffer();
      this.sink.missing(p);
      return;
    }
    let png: Uint8Array;
    try {
      png = await this.pool.render(await res.text());
    } catch (e) {
      // A card resvg cannot draw is one missing file, as when the live site answers 500 for it;
      // a stop is the whole export's.
      if (this.pool.closed) throw e;
      this.sink.missing(p);
      return;
    }
    this.sink.write(p, png);
    if (++this.#done % 200 === 0) this.sink.progress?.(this.#done, this.#total);
  }
}
