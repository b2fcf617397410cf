/**
 * Bayesian multiple systems estimation with LCMCR (Manrique-Vallier 2016): runs one or more
 * seeded chains, summarises the posterior of N and says plainly when it should not be trusted
 * (chains that disagree, too few effective draws, too little overlap between lists).
 */
import type { CaptureTable } from "./capture-table.ts";
import { effectiveSampleSize, splitRhat, summarizeDraws } from "./diagnostics.ts";
import { lcmcrChainSteps } from "./lcmcr-sampler.ts";
import { createRng } from "./rng.ts";
import { checkSparsity, type SparsityReport } from "./sparsity.ts";
import type { MseResult } from "./types.ts";

/** LCMCR settings; the defaults are those of the shared R reference runs. */
export interface LcmcrOptions {
  /** Latent-class truncation (default 10). */
  readonly K?: number;
  /** Gamma prior on the stick-breaking concentration (defaults 0.25, 0.25). */
  readonly aAlpha?: number;
  readonly bAlpha?: number;
  /** Sweeps discarded per chain (default 10,000). */
  readonly burnin?: number;
  /** Sweeps between retained draws (default 100). */
  readonly thinning?: number;
  /** Retained draws per chain (default 5,000). */
  readonly samples?: number;
  /** Seed of the first chain (default 1); chain c uses stream c of the same seed. */
  readonly seed?: number;
  /** Independent chains (default 1); two or more allow a between-chain R-hat. */
  readonly chains?: number;
  /** Random stream of the first chain (default 0): strata of one run use disjoint streams. */
  readonly firstStream?: number;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
  /** Progress callback, with sweeps done and total sweeps over all chains. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What the sampler did and how far to trust it. */
export interface LcmcrDiagnostics {
  readonly chains: number;
  readonly samplesPerChain: number;
  readonly burnin: number;
  readonly thinning: number;
  readonly K: number;
  readonly seed: number;
  /** Split-chain R-hat over all chains (1 is perfect; above 1.05 the chains disagree). */
  readonly rhat: number;
  /** Effective sample size of the draws of N. */
  readonly ess: number;
  readonly sd: number;
  readonly perChain: readonly { readonly median: number; readonly lower: number; readonly upper: number }[];
  readonly sparsity: SparsityReport;
  readonly warnings: readonly string[];
}

/** An LCMCR run: the summary plus the draws of N, one array per chain. */
export interface LcmcrResult extends MseResult<LcmcrDiagnostics> {
  readonly draws: readonly Float64Array[];
}

/** R-hat above this and the chains are reported as disagreeing. */
export const RHAT_LIMIT = 1.05;
/** Effective draws below this and the interval ends are reported as unreliable. */
export const MIN_ESS = 200;

/**
 * Estimates the population size with LCMCR.
 * @example estimateLcmcr(table, { seed: 1, burnin: 1000, samples: 1000, thinning: 10 }).estimate.median
 */
export function estimateLcmcr(table: CaptureTable, options: LcmcrOptions = {}): LcmcrResult {
  const steps = estimateLcmcrSteps(table, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * LCMCR as a generator that pauses every few hundred sweeps and returns the same result as
 * `estimateLcmcr`: a server drives it in slices so that a long run never blocks other requests.
 */
export function* estimateLcmcrSteps(table: CaptureTable, options: LcmcrOptions = {}): Generator<void, LcmcrResult, void> {
  const started = performance.now();
  const nChains = options.chains ?? 1;
  const perChainSweeps = lcmcrSweepsPerChain(options);
  const draws: Float64Array[] = [];
  for (let c = 0; c < nChains; c++) {
    const onSweep =
      options.onProgress &&
      ((done: number) => options.onProgress?.(c * perChainSweeps + done, nChains * perChainSweeps));
    draws.push(yield* lcmcrChainOf(table, options, c, onSweep));
  }
  return summarizeLcmcr(table, draws, options, (performance.now() - started) / 1000);
}

/** Sweeps one chain runs with these options: burn-in plus draws × thinning. */
export function lcmcrSweepsPerChain(options: LcmcrOptions): number {
  return (options.burnin ?? 10_000) + (options.samples ?? 5_000) * (options.thinning ?? 100);
}

/**
 * Chain `c` (0-based) of an LCMCR run, as a stepped generator: its draws of N are the same
 * wherever it runs (this thread, a worker thread), as its random stream depends only on the seed,
 * the first stream and `c`. Callers running chains in parallel pool them with `summarizeLcmcr`.
 * @param onSweep called every 1,000 sweeps with the chain's sweeps done so far.
 */
export function lcmcrChainOf(
  table: CaptureTable,
  options: LcmcrOptions,
  c: number,
  onSweep?: (done: number) => void,
): Generator<void, Float64Array, void> {
  const prior = { K: options.K ?? 10, aAlpha: options.aAlpha ?? 0.25, bAlpha: options.bAlpha ?? 0.25 };
  const schedule = {
    burnin: options.burnin ?? 10_000,
    thinning: options.thinning ?? 100,
    samples: options.samples ?? 5_000,
  };
  if (prior.K < 2 || !Number.isInteger(prior.K)) throw new RangeError("K must be an integer of at least 2");
  if (schedule.samples < 4) throw new RangeError("need at least 4 retained draws");
  const rng = createRng(options.seed ?? 1, (options.firstStream ?? 0) + c);
  return lcmcrChainSteps(table, prior, schedule, rng, onSweep);
}

/**
 * The LCMCR result from every chain's draws: the pooled posterior summary, each chain's own,
 * split R-hat across chains, effective draws, and the warnings they call for.
 */
export function summarizeLcmcr(
  table: CaptureTable,
  draws: readonly Float64Array[],
  options: LcmcrOptions,
  seconds: number,
): LcmcrResult {
  const level = options.level ?? 0.95;
  const nChains = draws.length;
  const pooled = new Float64Array(draws.reduce((s, d) => s + d.length, 0));
  draws.reduce((at, d) => (pooled.set(d, at), at + d.length), 0);
  const { sd, ...estimate } = summarizeDraws(pooled, level);
  const perChain = draws.map((d) => {
    const s = summarizeDraws(d, level);
    return { median: s.median, lower: s.lower, upper: s.upper };
  });
  const rhat = splitRhat(draws);
  const ess = effectiveSampleSize(draws);
  const sparsity = checkSparsity(table);
  const warnings = [...convergenceWarnings(nChains, rhat, ess, perChain), ...sparsity.warnings];
  return {
    method: "lcmcr",
    observed: table.observed,
    estimate,
    diagnostics: {
      chains: nChains,
      samplesPerChain: options.samples ?? 5_000,
      burnin: options.burnin ?? 10_000,
      thinning: options.thinning ?? 100,
      K: options.K ?? 10,
      seed: options.seed ?? 1,
      rhat,
      ess,
      sd,
      perChain,
      sparsity,
      warnings,
    },
    seconds,
    draws: [...draws],
  };
}

function convergenceWarnings(
  chains: number,
  rhat: number,
  ess: number,
  perChain: readonly { median: number }[],
): string[] {
  const out: string[] = [];
  const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
  if (rhat > RHAT_LIMIT || !Number.isFinite(rhat)) {
    out.push(
      chains > 1
        ? `chains disagree (R-hat ${rhat.toFixed(2)}; chain medians ${perChain.map((c) => fmt(c.median)).join(" / ")}): the posterior is multimodal or the chains have not converged; do not report this estimate without investigating`
        : `the chain has not converged (split R-hat ${rhat.toFixed(2)}): run longer or with several chains before reporting`,
    );
  }
  if (ess < MIN_ESS) {
    out.push(
      `only ${Math.round(ess)} effective draws: the interval ends are unreliable; increase the iterations or thinning`,
    );
  }
  if (chains === 1) {
    out.push("one chain only: run two or more (--chains) to check that independent chains agree");
  }
  return out;
}
