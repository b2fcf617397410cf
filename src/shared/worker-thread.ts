/**
 * Runs a module in a worker thread and awaits its one reply, for work that would otherwise stall
 * the server's thread. Errors keep their Sabt ids across the thread boundary.
 */
import { parentPort, Worker } from "node:worker_threads";
import { isSabtError, SabtError, type ErrorId } from "./errors.ts";

/** An error as plain data, as it crosses a thread boundary (a thread cannot pass an Error's class). */
export interface WorkerError {
  id: ErrorId;
  message: string;
}

/** What a worker posts back: its result, or its error as plain data. */
export type WorkerReply<T> = { ok: T } | { error: WorkerError };

/** An error thrown in a worker as plain data: a SabtError keeps its id, anything else is internal with its stack. */
export function toWorkerError(e: unknown): WorkerError {
  return isSabtError(e) ? { id: e.id, message: e.message } : { id: "internal", message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}

/** The error a worker posted, back as an Error: a SabtError with its id, or a plain Error naming the work. */
export function fromWorkerError(error: WorkerError, name: string): Error {
  return error.id === "internal" ? new Error(`${name} failed: ${error.message}`) : new SabtError(error.id, error.message);
}

/**
 * Starts the worker module with `data` as its workerData. A TypeScript worker (sources, tests)
 * gets a small bootstrap that registers tsx in the thread, which does not inherit the process's
 * loader; in the bundle the worker is a built `.mjs` file.
 */
export function startWorker(worker: URL, data: unknown): Worker {
  // No inherited flags: the worker needs none, and some of the process's are refused in a thread.
  if (!worker.href.endsWith(".ts")) return new Worker(worker, { workerData: data, execArgv: [] });
  // Resolved here, not in the thread: an eval'd worker resolves bare names from the working
  // directory, which need not be Sabt's (`sabt` run from elsewhere on stale sources).
  const tsx = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker.href)}); })`, { eval: true, workerData: data, execArgv: [] });
}

/**
 * Starts `worker` with `data` as its workerData and resolves with its reply.
 */
export function runWorkerThread<T>(worker: URL, data: unknown, name: string): Promise<T> {
  const thread = startWorker(worker, data);
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    thread.once("message", (m: WorkerReply<T>) =>
      settle(() => {
        if ("ok" in m) resolve(m.ok);
        else reject(fromWorkerError(m.error, `${name} worker`));
      }),
    );
    thread.once("error", (e) => settle(() => reject(e)));
    thread.once("exit", (code) => settle(() => reject(new Error(`${name} worker stopped (exit code ${code}) before it answered`))));
  });
}

/** Inside a worker: runs `work` and posts its result or error back to `runWorkerThread`. */
export async function answerFromWorker<T>(work: () => Promise<T>): Promise<void> {
  let reply: WorkerReply<T>;
  try {
    reply = { ok: await work() };
  } catch (e) {
    reply = { error: toWorkerError(e) };
  }
  parentPort!.postMessage(reply);
}
