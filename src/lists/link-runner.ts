/**
 * Runs a linkage job where it cannot stall the server. Linking 100,000 records takes seconds of
 * pure computation; in the server's thread that would hold every other request (public pages
 * included) for as long, so large runs go to a worker thread, which also puts them on another core.
 */
import { Worker } from "node:worker_threads";
import { SabtError, type ErrorId } from "../shared/errors.ts";
import { runLinkJob, type LinkJob, type LinkJobResult } from "./link-job.ts";

/** What the worker posts back. */
export type WorkerReply = { ok: LinkJobResult } | { error: { id: ErrorId; message: string } };

/**
 * From this many records a run goes to a worker thread. Below it linking takes a fraction of a
 * second, less than starting a thread with its own copy of the linker.
 */
export const WORKER_MIN_RECORDS = 5000;

/**
 * Starts the worker thread. In the bundle (dist/sabt.mjs) scripts/build.mjs writes the worker
 * beside it. From the sources (tsx, tests) the worker is TypeScript, and a thread does not inherit
 * tsx's loader: a small bootstrap registers it in the thread before loading the worker.
 */
function startWorker(job: LinkJob): Worker {
  // No inherited flags: the worker needs none, and some of the process's are refused in a thread.
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./link-worker.mjs", import.meta.url), { workerData: job, execArgv: [] });
  const worker = new URL("./link-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true, workerData: job, execArgv: [] });
}

/** Runs the job in a worker thread and resolves with its result; the job's own errors keep their ids. */
export function runLinkJobInWorker(job: LinkJob): Promise<LinkJobResult> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.once("message", (m: WorkerReply) =>
      settle(() => {
        if ("ok" in m) resolve(m.ok);
        else if (m.error.id === "internal") reject(new Error(`linkage worker failed: ${m.error.message}`));
        else reject(new SabtError(m.error.id, m.error.message));
      }),
    );
    worker.once("error", (e) => settle(() => reject(e)));
    worker.once("exit", (code) => settle(() => reject(new Error(`linkage worker stopped (exit code ${code}) before it answered`))));
  });
}

/** Runs a linkage job: in a worker thread when it is large (or when asked), else in this thread. */
export function runLink(job: LinkJob, opts: { inWorker?: boolean } = {}): Promise<LinkJobResult> {
  const inWorker = opts.inWorker ?? job.records.length >= WORKER_MIN_RECORDS;
  return inWorker ? runLinkJobInWorker(job) : Promise.resolve().then(() => runLinkJob(job));
}
