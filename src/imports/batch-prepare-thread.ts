/**
 * Builds an import's batches ahead in a worker thread (`batch-prepare-worker.ts`): the list rows'
 * claim rows, sealing, version digests and COPY text take as long as the database takes to store
 * them, so on two cores the one runs beside the other, whichever engine holds the database (the
 * embedded one runs in the importer's own thread).
 */
import type { Worker } from "node:worker_threads";
import { activeKeyring } from "../crypto/index.ts";
import { fromWorkerError, startWorker } from "../shared/worker-thread.ts";
import type { BatchContext, PreparedBatch } from "./batch-prepare.ts";
import type { KeyringData, PrepareJob, PrepareReply } from "./batch-prepare-worker.ts";
import type { PersonRow } from "./persons.csv.ts";

// In the bundle (dist/sabt.mjs) scripts/build.mjs writes the worker beside it.
const WORKER = new URL(import.meta.url.endsWith(".ts") ? "./batch-prepare-worker.ts" : "./batch-prepare-worker.mjs", import.meta.url);

/** A worker thread building batches, one at a time, in the order asked. */
export class BatchPreparer {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (b: PreparedBatch) => void; reject: (e: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  /** @param worker the worker module (tests name one that fails) */
  constructor(worker: URL = WORKER) {
    const ring = activeKeyring();
    this.#worker = startWorker(worker, { primaryId: ring.primaryId, keys: new Map(ring.keys) } satisfies KeyringData);
    this.#worker.on("message", (m: PrepareReply) => {
      const w = this.#waiting.get(m.id);
      this.#waiting.delete(m.id);
      if (!w) return;
      if ("ok" in m) w.resolve(m.ok);
      else w.reject(fromWorkerError(m.error, "batch preparation"));
    });
    const fail = (e: Error) => {
      this.#failed ??= e;
      for (const w of this.#waiting.values()) w.reject(e);
      this.#waiting.clear();
    };
    this.#worker.on("error", fail);
    this.#worker.on("exit", (code) => fail(new Error(`the batch preparation thread stopped (exit code ${code})`)));
  }

  /** Builds `rows` as new people with their claims (see `prepareBatch`). */
  prepare(ctx: BatchContext, rows: PersonRow[]): Promise<PreparedBatch> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.postMessage({ id, ctx, rows } satisfies PrepareJob);
    });
  }

  /** Stops the thread; batches still being built are dropped. */
  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
