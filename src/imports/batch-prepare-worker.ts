/**
 * The worker thread that builds an import's batches ahead (`batch-prepare-thread.ts`): it receives
 * the keyring as its workerData (sealing and digests need the keys), then answers each
 * `PrepareJob` message with its `PreparedBatch`, the COPY text transferred rather than copied.
 */
import { parentPort, workerData } from "node:worker_threads";
import { installKeyring } from "../crypto/index.ts";
import { toWorkerError, type WorkerError } from "../shared/worker-thread.ts";
import { prepareBatch, type BatchContext, type PreparedBatch } from "./batch-prepare.ts";
import type { PersonRow } from "./persons.csv.ts";

/** One batch to build. */
export interface PrepareJob {
  id: number;
  ctx: BatchContext;
  rows: PersonRow[];
}

/** The answer to a job: the batch, or its error as plain data. */
export type PrepareReply = { id: number; ok: PreparedBatch } | { id: number; error: WorkerError };

/** The keyring as it crosses into the thread (a Buffer arrives as a plain Uint8Array). */
export interface KeyringData {
  primaryId: string;
  keys: Map<string, Uint8Array>;
}

const keyring = workerData as KeyringData;
installKeyring({ primaryId: keyring.primaryId, keys: new Map([...keyring.keys].map(([id, key]) => [id, Buffer.from(key)])) });

const port = parentPort!;
port.on("message", (job: PrepareJob) => {
  prepareBatch(job.ctx, job.rows).then(
    (ok) => port.postMessage({ id: job.id, ok } satisfies PrepareReply, ok.claims.copy.map((c) => c.buffer)),
    (e: unknown) => port.postMessage({ id: job.id, error: toWorkerError(e) } satisfies PrepareReply),
  );
});
