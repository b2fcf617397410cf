/**
 * Poisson regression with a log link, fitted by iteratively reweighted least squares, the way
 * R's glm() does it (same starting values, deviance-based stopping rule), so that deviances and
 * AICs agree with Rcapture to many digits. Aliased (linearly dependent) columns get coefficient
 * 0, as R reports NA for them.
 */
import { logGammaFn } from "./special.ts";

/** A fitted Poisson log-linear model. */
export interface PoissonFit {
  /** Coefficients, one per design column (intercept first when the design has one). */
  readonly coef: readonly number[];
  /** Fitted means, one per row. */
  readonly fitted: readonly number[];
  /** Residual deviance 2·Σ[y·log(y/μ) − (y − μ)]. */
  readonly deviance: number;
  /** Number of non-aliased columns. */
  readonly rank: number;
  /** −2·log-likelihood + 2·rank, as R's glm reports it. */
  readonly aic: number;
  /** Unscaled covariance of the coefficients, (XᵀWX)⁻¹; NaN rows and columns for aliased ones. */
  readonly covariance: readonly (readonly number[])[];
  /** True when the deviance settled within the iteration limit. */
  readonly converged: boolean;
  readonly iterations: number;
}

/**
 * Fits log μ = Xβ to counts y by IRLS (design given row-major, rows × cols).
 * @example fitPoisson([[1, 0], [1, 1]], [10, 20]).coef // [log 10, log 2]
 */
export function fitPoisson(
  x: readonly (readonly number[])[],
  y: ArrayLike<number>,
  maxIterations = 200,
): PoissonFit {
  const rows = x.length;
  const cols = x[0]?.length ?? 0;
  const mu = new Float64Array(rows);
  const eta = new Float64Array(rows);
  // R's poisson()$initialize: mu = y + 0.1.
  for (let i = 0; i < rows; i++) {
    mu[i] = (y[i] as number) + 0.1;
    eta[i] = Math.log(mu[i] as number);
  }
  let dev = deviance(y, mu);
  let coef: Float64Array = new Float64Array(cols);
  let converged = false;
  let iterations = 0;
  let info = new Float64Array(cols * cols);
  let aliased: boolean[] = new Array<boolean>(cols).fill(false);
  for (; iterations < maxIterations;) {
    iterations++;
    // Weighted least squares on the working response z = η + (y − μ)/μ with weights μ.
    info = new Float64Array(cols * cols);
    const rhs = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const xi = x[i] as readonly number[];
      const w = mu[i] as number;
      const z = (eta[i] as number) + ((y[i] as number) - w) / w;
      for (let a = 0; a < cols; a++) {
        const wa = w * (xi[a] as number);
        if (wa === 0) continue;
        rhs[a] = (rhs[a] as number) + wa * z;
        for (let b = 0; b <= a; b++) {
          info[a * cols + b] = (info[a * cols + b] as number) + wa * (xi[b] as number);
        }
      }
    }
    for (let a = 0; a < cols; a++) {
      for (let b = 0; b < a; b++) info[b * cols + a] = info[a * cols + b] as number;
    }
    const solved = solveSymmetric(info, rhs, cols);
    coef = solved.x;
    aliased = solved.aliased;
    for (let i = 0; i < rows; i++) {
      const xi = x[i] as readonly number[];
      let e = 0;
      for (let a = 0; a < cols; a++) e += (xi[a] as number) * (coef[a] as number);
      eta[i] = e;
      mu[i] = Math.exp(e);
    }
    const newDev = deviance(y, mu);
    // glm.control(epsilon = 1e-8), tightened so estimates match to more digits than R prints.
    if (Math.abs(newDev - dev) / (Math.abs(newDev) + 0.1) < 1e-12) {
      dev = newDev;
      converged = true;
      break;
    }
    dev = newDev;
  }
  const rank = aliased.filter((a) => !a).length;
  let logLik = 0;
  for (let i = 0; i < rows; i++) {
    const yi = y[i] as number;
    const m = mu[i] as number;
    logLik += (yi > 0 ? yi * Math.log(m) : 0) - m - logGammaFn(yi + 1); // profile fits put a non-integer count in the zero cell
  }
  const covariance = inverseOfKept(info, cols, aliased);
  return {
    coef: [...coef],
    fitted: [...mu],
    deviance: dev,
    rank,
    aic: -2 * logLik + 2 * rank,
    covariance,
    converged: converged && Number.isFinite(dev),
    iterations,
  };
}

function deviance(y: ArrayLike<number>, mu: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < mu.length; i++) {
    const yi = y[i] as number;
    const m = mu[i] as number;
    d += (yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m);
  }
  return 2 * d;
}

/**
 * Solves A x = b for symmetric positive semi-definite A by Cholesky, skipping (aliasing) any
 * column whose pivot vanishes relative to its diagonal, like R's pivoting QR drops it.
 */
function solveSymmetric(
  a: Float64Array,
  b: Float64Array,
  n: number,
): { x: Float64Array; aliased: boolean[] } {
  const l = new Float64Array(n * n);
  const aliased = new Array<boolean>(n).fill(false);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] as number) ** 2;
    if (!(d > 1e-10 * Math.max(1e-300, a[j * n + j] as number))) {
      aliased[j] = true;
      continue;
    }
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = s / ljj;
    }
  }
  // Forward then back substitution, treating aliased columns as absent.
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (aliased[i]) continue;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) if (!aliased[k]) s -= (l[i * n + k] as number) * (z[k] as number);
    z[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (aliased[i]) continue;
    let s = z[i] as number;
    for (let k = i + 1; k < n; k++) if (!aliased[k]) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return { x, aliased };
}

// A⁻¹ over the non-aliased block, one solve per unit vector (the designs have at most ~70 columns).
function inverseOfKept(a: Float64Array, n: number, aliased: boolean[]): number[][] {
  const idx = aliased.flatMap((al, i) => (al ? [] : [i]));
  const m = idx.length;
  const sub = new Float64Array(m * m);
  idx.forEach((r, i) => idx.forEach((c, j) => (sub[i * m + j] = a[r * n + c] as number)));
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(Number.NaN));
  for (let col = 0; col < m; col++) {
    const e = new Float64Array(m);
    e[col] = 1;
    const v = solveSymmetric(sub, e, m).x;
    for (let row = 0; row < m; row++) {
      (out[idx[row] as number] as number[])[idx[col] as number] = v[row] as number;
    }
  }
  return out;
}
