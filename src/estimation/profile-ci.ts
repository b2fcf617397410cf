/**
 * Profile-likelihood intervals for N under a log-linear model, as Rcapture's closedpCI.t computes
 * them (Cormack 1992): for each candidate N the model is refitted to the full 2^J table with
 * N − n people in the all-zero cell, and the multinomial profile log-likelihood is
 * −(deviance − 2·ct)/2 with Cormack's correction term ct.
 */
import type { CaptureTable } from "./capture-table.ts";
import { denseCounts } from "./capture-table.ts";
import { fitDesign } from "./loglinear.ts";
import { buildDesign, type LoglinearModel } from "./loglinear-models.ts";

/** A profile-likelihood interval; `upper` is Infinity when the likelihood never falls far enough. */
export interface ProfileInterval {
  /** N maximising the multinomial profile likelihood (Rcapture's "N_multinom"). */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  /** The profile log-likelihood, relative to its maximum, at the points evaluated (for plotting). */
  readonly curve: readonly { readonly n: number; readonly logLik: number }[];
}

/** Options for {@link profileInterval}. */
export interface ProfileOptions {
  /** Coverage (default 0.95). */
  readonly level?: number;
  /** Search the upper bound up to this multiple of the Poisson estimate, as closedpCI's fmaxSupCL (default 3, widened up to 1000 before giving up). */
  readonly fmaxSupCL?: number;
}

/**
 * Computes the profile-likelihood interval of N for a model.
 * @param abundance the model's Poisson estimate n + exp(intercept), which brackets the search.
 */
export function profileInterval(
  table: CaptureTable,
  model: LoglinearModel,
  abundance: number,
  options: ProfileOptions = {},
): ProfileInterval {
  const level = options.level ?? 0.95;
  const n = table.observed;
  const base = buildDesign(model, table.lists.length);
  // Row 0 of the augmented design is the all-zero pattern: every covariate is 0 there.
  const design = {
    ...base,
    rows: [[1, ...new Array<number>(base.columns.length - 1).fill(0)], ...base.rows],
  };
  const y = denseCounts(table);
  const curve: { n: number; logLik: number }[] = [];
  const logLik = (bigN: number): number => {
    const n0 = bigN - n;
    y[0] = n0;
    const { fit } = fitDesign(design, y);
    let ct: number;
    if (bigN > 100) {
      ct =
        n0 === 0 || n0 === 1
          ? -bigN + 0.5 * Math.log(2 * Math.PI * bigN)
          : n0 - bigN - 0.5 * Math.log(n0 / bigN);
    } else ct = n0 * Math.log(n0 || 1) + logFact(bigN) - bigN * Math.log(bigN) - logFact(n0);
    const ll = (fit.deviance - 2 * ct) / -2;
    curve.push({ n: bigN, logLik: ll });
    return ll;
  };
  const hi0 = Math.max(3 * abundance, n + 10);
  const best = goldenMax(logLik, n, hi0, 1e-4);
  const target = best.value - chiSquare1Quantile(level) / 2;
  const f = (x: number) => logLik(x) - target;
  const lower = f(n) < 0 ? bisect(f, n, best.x, 1e-4) : n;
  let upper = Number.POSITIVE_INFINITY;
  for (const mult of [options.fmaxSupCL ?? 3, 10, 100, 1000]) {
    const hi = Math.max(mult * abundance, best.x + 1);
    if (f(hi) < 0) {
      upper = bisect(f, best.x, hi, 1e-4);
      break;
    }
  }
  const sorted = curve
    .filter((p) => Number.isFinite(p.logLik))
    .sort((a, b) => a.n - b.n)
    .map((p) => ({ n: p.n, logLik: p.logLik - best.value }));
  return { estimate: best.x, lower, upper, level, curve: sorted };
}

function logFact(x: number): number {
  // Only used below N = 100, where a direct sum is exact enough and cheap.
  let s = 0;
  for (let k = 2; k <= x; k++) s += Math.log(k);
  return s + (x - Math.floor(x)) * Math.log(Math.floor(x) + 1);
}

// Golden-section search for the maximum of a unimodal function on [a, b].
function goldenMax(
  f: (x: number) => number,
  a: number,
  b: number,
  tol: number,
): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol * Math.max(1, Math.abs(c))) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc > fd ? { x: c, value: fc } : { x: d, value: fd };
}

// Bisection for a sign change of f on [a, b] (f(a) and f(b) of opposite signs).
function bisect(f: (x: number) => number, a: number, b: number, tol: number): number {
  let fa = f(a);
  for (let i = 0; i < 200 && b - a > tol; i++) {
    const m = (a + b) / 2;
    const fm = f(m);
    if (fm === 0) return m;
    if (fm < 0 === fa < 0) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return (a + b) / 2;
}

/** The chi-square(1) quantile, via the normal quantile: q = z², z = Φ⁻¹((1 + level)/2). */
export function chiSquare1Quantile(level: number): number {
  const z = normalQuantile((1 + level) / 2);
  return z * z;
}

/** The standard normal quantile (Acklam's rational approximation, refined by one Halley step). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError("probability must be in (0, 1)");
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const at = (xs: number[], i: number) => xs[i] as number;
  const pl = 0.02425;
  let x: number;
  if (p < pl || p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(p < pl ? p : 1 - p));
    x =
      (((((at(c, 0) * q + at(c, 1)) * q + at(c, 2)) * q + at(c, 3)) * q + at(c, 4)) * q + at(c, 5)) /
      ((((at(d, 0) * q + at(d, 1)) * q + at(d, 2)) * q + at(d, 3)) * q + 1);
    if (p > 1 - pl) x = -x;
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((at(a, 0) * r + at(a, 1)) * r + at(a, 2)) * r + at(a, 3)) * r + at(a, 4)) * r + at(a, 5)) * q) /
      (((((at(b, 0) * r + at(b, 1)) * r + at(b, 2)) * r + at(b, 3)) * r + at(b, 4)) * r + 1);
  }
  // One Halley step against erfc brings it to full double precision.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfcc (Chebyshev), relative error below 1.2e-7; Halley's step only needs this.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
