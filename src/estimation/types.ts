/**
 * The result shape every estimator returns, shared by the CLI's --json output and the bench.
 */

/** A population-size estimate with its central interval (95 % unless stated). */
export interface EstimateSummary {
  readonly mean: number;
  readonly median: number;
  readonly lower: number;
  /** Infinity when a profile likelihood never falls low enough (the data cannot bound N above). */
  readonly upper: number;
}

/** One estimation run: method, people observed, the estimate, method-specific diagnostics, time. */
export interface MseResult<D = unknown> {
  readonly method: "lcmcr" | "loglinear";
  readonly observed: number;
  readonly estimate: EstimateSummary;
  readonly diagnostics: D;
  readonly seconds: number;
}
