/**
 * Stratified estimates: estimate each stratum (prison, city, year) separately and add them up.
 * Posterior draws add exactly; log-linear intervals are combined on the variance scale.
 */
import { summarizeDraws } from "./diagnostics.ts";
import { normalQuantile } from "./profile-ci.ts";
import type { EstimateSummary, MseResult } from "./types.ts";

/** The total over strata, with each stratum's own result kept. */
export interface StratifiedResult<R extends MseResult> {
  readonly method: R["method"];
  readonly observed: number;
  readonly estimate: EstimateSummary;
  readonly strata: ReadonlyMap<string, R>;
  /** How the interval of the sum was formed. */
  readonly combination: "posterior-sum" | "normal-approximation";
  /** Draws of the total, when it was formed from posterior draws. */
  readonly draws?: Float64Array;
  readonly seconds: number;
}

/**
 * Adds per-stratum estimates. When every stratum has posterior draws of equal length, the draws
 * are summed index by index (strata are independent given the model, so this is a draw of the
 * total); otherwise each interval is read as a normal one and the variances are added.
 * @throws RangeError when there are no strata or the methods differ.
 */
export function combineStrata<R extends MseResult & { readonly draws?: readonly Float64Array[] }>(
  strata: ReadonlyMap<string, R>,
  level = 0.95,
): StratifiedResult<R> {
  const results = [...strata.values()];
  const first = results[0];
  if (first === undefined) throw new RangeError("no strata to combine");
  if (results.some((r) => r.method !== first.method)) {
    throw new RangeError("strata were estimated with different methods");
  }
  const observed = results.reduce((s, r) => s + r.observed, 0);
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  const drawSets = results.map((r) => r.draws);
  const length = drawSets[0]?.reduce((s, d) => s + d.length, 0);
  const allDraws = drawSets.every((d) => d !== undefined && d.reduce((s, x) => s + x.length, 0) === length);
  if (allDraws && length !== undefined && length > 0) {
    const total = new Float64Array(length);
    for (const set of drawSets) {
      let at = 0;
      for (const chain of set ?? []) {
        for (let i = 0; i < chain.length; i++) total[at] = total[at++]! + chain[i]!;
      }
    }
    const { sd: _sd, ...estimate } = summarizeDraws(total, level);
    return {
      method: first.method,
      observed,
      estimate,
      strata,
      combination: "posterior-sum",
      draws: total,
      seconds,
    };
  }
  const z = normalQuantile((1 + level) / 2);
  let variance = 0;
  for (const r of results) variance += ((r.estimate.upper - r.estimate.lower) / (2 * z)) ** 2;
  const mean = results.reduce((s, r) => s + r.estimate.mean, 0);
  const median = results.reduce((s, r) => s + r.estimate.median, 0);
  const half = z * Math.sqrt(variance);
  return {
    method: first.method,
    observed,
    estimate: { mean, median, lower: Math.max(observed, median - half), upper: median + half },
    strata,
    combination: "normal-approximation",
    seconds,
  };
}
