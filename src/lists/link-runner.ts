/**
 * Runs a linkage job where it cannot stall the server. Linking 100,000 records takes seconds of
 * pure computation; in the server's thread that would hold every other request (public pages
 * included) for as long, so large runs go to a worker thread, which also puts them on another core.
 */
import { runWorkerThread } from "../shared/worker-thread.ts";
import { runLinkJob, type LinkJob, type LinkJobResult } from "./link-job.ts";

/**
 * From this many records a run goes to a worker thread. Below it linking takes a fraction of a
 * second, less than starting a thread with its own copy of the linker.
 */
export const WORKER_MIN_RECORDS = 5000;

// In the bundle (dist/sabt.mjs) scripts/build.mjs writes the worker beside it as link-worker.mjs.
const WORKER = new URL(import.meta.url.endsWith(".ts") ? "./link-worker.ts" : "./link-worker.mjs", import.meta.url);

/** Runs the job in a worker thread and resolves with its result; the job's own errors keep their ids. */
export function runLinkJobInWorker(job: LinkJob): Promise<LinkJobResult> {
  return runWorkerThread<LinkJobResult>(WORKER, job, "linkage");
}

/** Runs a linkage job: in a worker thread when it is large (or when asked), else in this thread. */
export function runLink(job: LinkJob, opts: { inWorker?: boolean } = {}): Promise<LinkJobResult> {
  const inWorker = opts.inWorker ?? job.records.length >= WORKER_MIN_RECORDS;
  return inWorker ? runLinkJobInWorker(job) : Promise.resolve().then(() => runLinkJob(job));
}
