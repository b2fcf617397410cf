/**
 * The worker thread of one LCMCR chain: it receives an `LcmcrChainJob` as its workerData, posts
 * `{ progress }` every 1,000 sweeps, then its draws of N (or its error as plain data).
 */
import { parentPort, workerData } from "node:worker_threads";
import { lcmcrChainOf, type CaptureTable, type LcmcrOptions } from "../estimation/index.ts";
import { answerFromWorker } from "../shared/worker-thread.ts";

/** One chain to run: the table, the run's options (without callbacks) and the chain's index. */
export interface LcmcrChainJob {
  readonly table: CaptureTable;
  readonly options: Omit<LcmcrOptions, "onProgress">;
  readonly chain: number;
}

/** What a chain's worker answers: its draws and how long the chain took in its thread. */
export interface LcmcrChainReply {
  readonly draws: Float64Array;
  readonly seconds: number;
}

await answerFromWorker<LcmcrChainReply>(async () => {
  const job = workerData as LcmcrChainJob;
  const started = performance.now();
  const steps = lcmcrChainOf(job.table, job.options, job.chain, (done) => parentPort!.postMessage({ progress: done }));
  for (;;) {
    const next = steps.next();
    if (next.done) return { draws: next.value, seconds: (performance.now() - started) / 1000 };
  }
});
