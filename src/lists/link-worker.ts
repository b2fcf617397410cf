/**
 * The worker thread of a large linkage run: it receives a `LinkJob` as its workerData, runs it and
 * posts back the result, or the error as plain data (a thread cannot pass an Error's class).
 */
import { parentPort, workerData } from "node:worker_threads";
import { SabtError } from "../shared/errors.ts";
import { runLinkJob, type LinkJob } from "./link-job.ts";
import type { WorkerReply } from "./link-runner.ts";

let reply: WorkerReply;
try {
  reply = { ok: runLinkJob(workerData as LinkJob) };
} catch (e) {
  reply = e instanceof SabtError ? { error: { id: e.id, message: e.message } } : { error: { id: "internal", message: e instanceof Error ? (e.stack ?? e.message) : String(e) } };
}
parentPort!.postMessage(reply);
