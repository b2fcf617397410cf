/**
 * The worker thread of a large linkage run: it receives a `LinkJob` as its workerData, runs it and
 * posts back the result, or the error as plain data.
 */
import { workerData } from "node:worker_threads";
import { answerFromWorker } from "../shared/worker-thread.ts";
import { runLinkJob, type LinkJob } from "./link-job.ts";

await answerFromWorker(async () => runLinkJob(workerData as LinkJob));
