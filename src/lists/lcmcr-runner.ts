/**
 * LCMCR with its chains in parallel worker threads: one chain per thread, as many threads at once
 * as the machine has cores. A chain's draws do not depend on where it runs, so the result equals
 * `estimateLcmcr` in this thread, in a fraction of the time, and the caller's thread stays free.
 */
import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { lcmcrSweepsPerChain, summarizeLcmcr, type CaptureTable, type LcmcrOptions, type LcmcrResult } from "../estimation/index.ts";
import { fromWorkerError, startWorker, type WorkerReply } from "../shared/worker-thread.ts";
import type { LcmcrChainReply } from "./lcmcr-worker.ts";

// In the bundle (dist/sabt.mjs) scripts/build.mjs writes the worker beside it as lcmcr-worker.mjs.
const WORKER = new URL(import.meta.url.endsWith(".ts") ? "./lcmcr-worker.ts" : "./lcmcr-worker.mjs", import.meta.url);

/** Most chains a run may ask for. */
export const MAX_CHAINS = 16;

/** Chains when none are asked for: one per core, and at least two so that they can be compared. */
export function defaultChains(): number {
  return Math.max(2, Math.min(MAX_CHAINS, availableParallelism()));
}

/** Where and how a threaded run goes: threads at once (default: the cores), a signal that stops it. */
export interface LcmcrRunControl {
  readonly threads?: number;
  readonly signal?: AbortSignal;
}

/** An LCMCR result with each chain's own time in its thread. */
export interface LcmcrThreadedResult extends LcmcrResult {
  readonly chainSeconds: readonly number[];
}

/**
 * Runs `options.chains` chains (default 1) in worker threads and pools them. Progress is the sum
 * of the chains' sweeps. An abort stops every thread at once and rejects with the signal's reason.
 * @throws SabtError (a chain's own, id kept), RangeError for impossible options.
 */
export function estimateLcmcrInThreads(
  table: CaptureTable,
  options: LcmcrOptions = {},
  control: LcmcrRunControl = {},
): Promise<LcmcrThreadedResult> {
  const { onProgress, ...plain } = options;
  const chains = plain.chains ?? 1;
  const threads = Math.max(1, Math.min(chains, control.threads ?? availableParallelism()));
  const perChain = lcmcrSweepsPerChain(plain);
  const started = performance.now();
  const draws: Float64Array[] = [];
  const seconds: number[] = [];
  const done = new Array<number>(chains).fill(0);
  const running = new Set<Worker>();
  let next = 0;
  let finished = 0;
  return new Promise<LcmcrThreadedResult>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of running) void w.terminate();
      running.clear();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    control.signal?.throwIfAborted();
    control.signal?.addEventListener("abort", () => fail(control.signal?.reason), { once: true });
    const start = (chain: number) => {
      const worker = startWorker(WORKER, { table, options: plain, chain });
      running.add(worker);
      worker.on("message", (m: { progress: number } | WorkerReply<LcmcrChainReply>) => {
        const report = (sweeps: number) => {
          done[chain] = sweeps;
          onProgress?.(done.reduce((s, d) => s + d, 0), perChain * chains);
        };
        if ("progress" in m) report(m.progress);
        else if ("ok" in m) {
          report(perChain); // the last few hundred sweeps are not reported by the chain itself
          draws[chain] = m.ok.draws;
          seconds[chain] = m.ok.seconds;
          running.delete(worker);
          finished++;
          launch();
        } else {
          fail(fromWorkerError(m.error, "LCMCR chain"));
        }
      });
      worker.once("error", fail);
      worker.once("exit", (code) => {
        if (draws[chain] === undefined) fail(new Error(`LCMCR chain ${chain} stopped (exit code ${code}) before it answered`));
      });
    };
    const launch = () => {
      if (settled) return;
      if (finished === chains) {
        settled = true;
        const result = summarizeLcmcr(table, draws, plain, (performance.now() - started) / 1000);
        resolve({ ...result, chainSeconds: seconds });
        return;
      }
      while (running.size < threads && next < chains) start(next++);
    };
    launch();
  });
}
