/**
 * Share cards drawn to PNG off the main thread, in bounded memory, each drawing done once: a small
 * pool of worker threads (`png-worker.ts`, which collects each card's pixmap as soon as it is
 * drawn), each ended and replaced after a number of cards as a bound on whatever native memory
 * resvg might keep besides, and a cache on disk keyed by the card's SVG source and the renderer's
 * version, so that a re-export draws only the cards that changed. The same SVG gives the same PNG in any thread.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../../shared/worker-thread.ts";
import type { PngJob, PngReply } from "./png-worker.ts";

// In the bundle (dist/sabt.mjs) scripts/build.mjs writes the worker beside it as share-png-worker.mjs.
const WORKER = new URL(import.meta.url.endsWith(".ts") ? "./png-worker.ts" : "./share-png-worker.mjs", import.meta.url);

/**
 * Cards a thread draws before it is replaced. Its pixmaps are freed card by card, so this only
 * bounds what might leak; a replacement costs a new thread's start-up (ending one every 48 cards,
 * as when the pixmaps stayed until then, made the demo's images take a third longer).
 */
const CARDS_PER_THREAD = 1000;

/** The renderer's identity in cache keys: a new resvg may draw the same SVG differently. */
const RENDERER = `resvg-js ${(createRequire(import.meta.url)("@resvg/resvg-js/package.json") as { version: string }).version}`;

/** The cache key of a card's SVG source. */
export function pngCacheKey(svg: string): string {
  return createHash("sha256").update(RENDERER).update("\0").update(svg).digest("hex");
}

interface Thread {
  worker: Worker;
  drawn: number;
  busy: boolean;
  /** Ends the thread when it stays idle (a server's pool). */
  idle?: NodeJS.Timeout | undefined;
}

interface Pending {
  job: PngJob;
  resolve: (png: Uint8Array) => void;
  reject: (e: Error) => void;
}

/** How many cards came from the cache and how many were drawn. */
export interface PngPoolStats {
  cached: number;
  drawn: number;
}

/** A pool of drawing threads with a content cache; `close` it when done. */
export class SharePngPool {
  readonly stats: PngPoolStats = { cached: 0, drawn: 0 };
  readonly #threads: Thread[] = [];
  readonly #queue: Pending[] = [];
  readonly #running = new Map<number, { pending: Pending; thread: Thread }>();
  readonly #size: number;
  readonly #cacheDir: string | undefined;
  readonly #idleMs: number | undefined;
  readonly #unref: boolean;
  readonly #cardsPerThread: number;
  #nextId = 0;
  #started = 0;
  #closed: Error | undefined;

  /**
   * @param opts.threads threads at once (default: the cores)
   * @param opts.cacheDir where drawn cards are kept by content (none: no cache)
   * @param opts.idleMs end a thread idle this long (a server's pool; default: keep until closed)
   * @param opts.unref threads that do not keep the process alive (a server's pool, never closed)
   * @param opts.cardsPerThread cards a thread draws before it is replaced (tests make it small)
   */
  constructor(opts: { threads?: number; cacheDir?: string | undefined; idleMs?: number; unref?: boolean; cardsPerThread?: number } = {}) {
    this.#size = Math.max(1, opts.threads ?? availableParallelism());
    this.#cacheDir = opts.cacheDir;
    this.#idleMs = opts.idleMs;
    this.#unref = opts.unref ?? false;
    this.#cardsPerThread = opts.cardsPerThread ?? CARDS_PER_THREAD;
  }

  /** Threads running now. */
  get threadCount(): number {
    return this.#threads.length;
  }

  /** Threads started so far, replacements included. */
  get threadsStarted(): number {
    return this.#started;
  }

  /** True once closed (stopped): cards are no longer drawn. */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** The PNG of a card's SVG source, from the cache or drawn in a thread. */
  async render(svg: string): Promise<Uint8Array> {
    if (this.#closed) throw this.#closed;
    const key = pngCacheKey(svg);
    const file = this.#cacheDir ? path.join(this.#cacheDir, key.slice(0, 2), `${key}.png`) : undefined;
    if (file) {
      try {
        const png = new Uint8Array(fs.readFileSync(file));
        this.stats.cached++;
        return png;
      } catch {
        // Not drawn yet.
      }
    }
    const png = await new Promise<Uint8Array>((resolve, reject) => {
      this.#queue.push({ job: { id: this.#nextId++, svg }, resolve, reject });
      this.#dispatch();
    });
    this.stats.drawn++;
    if (file) {
      // Written under another name and renamed: a run stopped mid-write leaves no torn PNG.
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, png);
      fs.renameSync(tmp, file);
    }
    return png;
  }

  /** Ends every thread; cards not drawn yet are rejected with `reason`. */
  async close(reason: Error = new Error("the share image pool is closed")): Promise<void> {
    this.#closed ??= reason;
    for (const p of this.#queue.splice(0)) p.reject(this.#closed);
    for (const { pending } of this.#running.values()) pending.reject(this.#closed);
    this.#running.clear();
    await Promise.all(this.#threads.splice(0).map((t) => t.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let thread = this.#threads.find((t) => !t.busy);
      if (!thread && this.#threads.length < this.#size) thread = this.#start();
      if (!thread) return;
      const pending = this.#queue.shift()!;
      clearTimeout(thread.idle);
      thread.busy = true;
      this.#running.set(pending.job.id, { pending, thread });
      thread.worker.postMessage(pending.job);
    }
  }

  #start(): Thread {
    const thread: Thread = { worker: startWorker(WORKER, undefined), drawn: 0, busy: false };
    this.#started++;
    if (this.#unref) thread.worker.unref();
    this.#threads.push(thread);
    thread.worker.on("message", (m: PngReply) => {
      const run = this.#running.get(m.id);
      if (!run) return;
      this.#running.delete(m.id);
      thread.busy = false;
      thread.drawn++;
      if ("png" in m) run.pending.resolve(m.png);
      else run.pending.reject(new Error(`share image: ${m.error}`));
      if (thread.drawn >= this.#cardsPerThread) this.#retire(thread);
      this.#dispatch();
      if (!thread.busy && this.#idleMs !== undefined && this.#threads.includes(thread)) {
        thread.idle = setTimeout(() => this.#retire(thread), this.#idleMs).unref();
      }
    });
    thread.worker.on("error", (e) => this.#fail(thread, e));
    thread.worker.on("exit", (code) => {
      if (this.#threads.includes(thread)) this.#fail(thread, new Error(`share image thread stopped (exit code ${code})`));
    });
    return thread;
  }

  /** Ends a thread that has drawn its share; a fresh one takes its place on the next card. */
  #retire(thread: Thread): void {
    clearTimeout(thread.idle);
    const i = this.#threads.indexOf(thread);
    if (i < 0) return;
    this.#threads.splice(i, 1);
    void thread.worker.terminate();
  }

  #fail(thread: Thread, e: Error): void {
    const i = this.#threads.indexOf(thread);
    if (i < 0) return;
    this.#threads.splice(i, 1);
    for (const [id, run] of this.#running) {
      if (run.thread === thread) {
        this.#running.delete(id);
        run.pending.reject(e);
      }
    }
    this.#dispatch();
  }
}
