/**
 * Exact discrete samplers (binomial, Poisson, negative binomial, multinomial) built on an Rng.
 * The Gibbs sampler draws class counts per capture pattern, so these are the hot path: small
 * means use inversion, large means Hörmann's transformed rejection (BTRS 1993, PTRS 1993).
 */
import type { Rng } from "./rng.ts";
import { logFactorial } from "./special.ts";

/** A Binomial(n, p) variate (n a non-negative integer, 0 <= p <= 1). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  // Both methods want p <= 1/2; count failures instead when p is larger.
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const x = n * q < 10 ? binomialInversion(rng, n, q) : binomialBtrs(rng, n, q);
  return flip ? n - x : x;
}

function binomialInversion(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  for (;;) {
    let u = rng.uniform();
    // q^n >= 1 − np (Bernoulli's inequality), so below that u certainly maps to 0: this skips the
    // pow() for the many near-empty classes the sampler asks about.
    if (u <= 1 - n * p) return 0;
    // q^n as exp(n log q): Math.pow costs as much as four logarithms.
    let r = Math.exp(n * Math.log1p(-p));
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break; // rounding left u above the total mass: draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

function binomialBtrs(rng: Rng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  // The constants of the exact test, computed only when a draw falls outside the squeeze (about
  // one call in seven): most calls then cost two uniforms and a square root.
  let alpha = 0;
  let lpq = 0;
  let m = -1;
  let h = 0;
  for (;;) {
    const u = rng.uniform() - 0.5;
    let v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    if (m < 0) {
      alpha = (2.83 + 5.1 / b) * spq;
      lpq = Math.log(p / q);
      m = Math.floor((n + 1) * p);
      h = logFactorial(m) + logFactorial(n - m);
    }
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** A Poisson(mean) variate. */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    // Sequential inversion: expected mean + 1 steps.
    let p = Math.exp(-mean);
    let u = rng.uniform();
    let x = 0;
    while (u > p) {
      u -= p;
      x++;
      p *= mean / x;
      if (p === 0) break;
    }
    return x;
  }
  const slam = Math.sqrt(mean);
  let loglam = Number.NaN; // only outside the squeeze
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Number.isNaN(loglam)) loglam = Math.log(mean);
    if (
      Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
      -mean + k * loglam - logFactorial(k)
    ) {
      return k;
    }
  }
}

/**
 * The number of failures before `size` successes with success probability `p` (GSL's
 * gsl_ran_negative_binomial, which LCMCR uses for the unobserved count), as a gamma-Poisson mixture.
 */
export function negativeBinomial(rng: Rng, size: number, p: number): number {
  if (p >= 1) return 0;
  if (!(p > 0)) throw new RangeError("negative binomial success probability must be positive");
  return poisson(rng, rng.gamma(size) * ((1 - p) / p));
}

/**
 * A negative binomial variate (as `negativeBinomial`) conditioned on being at most `max`. Draws
 * and rejects, as LCMCR does, while that is cheap; when the bound cuts off nearly all the mass
 * (p near 0), inverts the truncated distribution directly instead of looping for ever.
 * p may be 0 here: the truncated distribution is still proper.
 */
export function negativeBinomialAtMost(rng: Rng, size: number, p: number, max: number): number {
  if (p > 0) {
    for (let attempt = 0; attempt < 64; attempt++) {
      const x = negativeBinomial(rng, size, p);
      if (x <= max) return x;
    }
  }
  // Rare: invert. log f(k) up to a constant, from f(k) / f(k − 1) = (size + k − 1) / k · (1 − p).
  const logQ = Math.log1p(-Math.max(p, 0));
  const logF = new Float64Array(max + 1);
  let peak = 0;
  for (let k = 1; k <= max; k++) {
    logF[k] = logF[k - 1]! + Math.log((size + k - 1) / k) + logQ;
    peak = Math.max(peak, logF[k]!);
  }
  let total = 0;
  for (let k = 0; k <= max; k++) total += Math.exp(logF[k]! - peak);
  let u = rng.uniform() * total;
  for (let k = 0; k < max; k++) {
    u -= Math.exp(logF[k]! - peak);
    if (u <= 0) return k;
  }
  return max;
}

// Reused scratch space: category order and suffix sums. Summing from the end keeps tiny trailing
// weights exact, where subtracting from the total would cancel catastrophically.
let order = new Int32Array(16);
let suffix = new Float64Array(17);
const FEW = 12;

/**
 * Splits `n` items over categories with weights `w` (need not sum to one), writing counts into
 * `out`. Categories are visited heaviest first: conditional binomials while many items remain,
 * then the last few items are placed one by one, so a typical call needs two or three binomials.
 * A caller drawing many multinomials with similar weights may pass `visitOrder` (a permutation of
 * the categories, roughly heaviest first) to skip the per-call sort; any order is exact.
 */
export function multinomial(
  rng: Rng,
  n: number,
  w: Float64Array,
  out: Int32Array,
  visitOrder?: Int32Array,
): void {
  const k = w.length;
  for (let i = 0; i < k; i++) out[i] = 0;
  if (n <= 0) return;
  if (order.length < k) {
    order = new Int32Array(2 * k);
    suffix = new Float64Array(2 * k + 1);
  }
  const ord = order;
  const sfx = suffix;
  if (n <= FEW) {
    // Few items: place each directly, in the given order (sorting would cost more than it saves).
    let total = 0;
    for (let i = 0; i < k; i++) total += w[i]!;
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new RangeError("multinomial weights must have a positive finite sum");
    }
    for (let item = 0; item < n; item++) {
      let u = rng.uniform() * total;
      let i = 0;
      // Stop at the last category with weight, so rounding never lands on an empty one.
      while (i < k - 1 && (u > w[i]! || w[i] === 0)) {
        u -= w[i]!;
        i++;
      }
      while (w[i] === 0 && i > 0) i--;
      out[i] = out[i]! + 1;
    }
    return;
  }
  if (visitOrder !== undefined) {
    for (let i = 0; i < k; i++) ord[i] = visitOrder[i]!;
  }
  // Otherwise an insertion sort of the category indices by weight, descending (k is about 10).
  else {
    for (let i = 0; i < k; i++) {
      const wi = w[i]!;
      let j = i;
      while (j > 0 && w[ord[j - 1]!]! < wi) {
        ord[j] = ord[j - 1]!;
        j--;
      }
      ord[j] = i;
    }
  }
  sfx[k] = 0;
  for (let i = k - 1; i >= 0; i--) sfx[i] = sfx[i + 1]! + w[ord[i]!]!;
  if (!(sfx[0]! > 0) || !Number.isFinite(sfx[0]!)) {
    throw new RangeError("multinomial weights must have a positive finite sum");
  }
  let remaining = n;
  let i = 0;
  for (; i < k && remaining > FEW; i++) {
    const s = sfx[i]!;
    if (s === 0) break;
    const c = ord[i]!;
    const wc = w[c]!;
    const x = wc >= s ? remaining : binomial(rng, remaining, wc / s);
    out[c] = x;
    remaining -= x;
  }
  // Given the counts so far, the remaining items are i.i.d. over the remaining categories.
  const s = sfx[i] ?? 0;
  for (let item = 0; item < remaining; item++) {
    let u = rng.uniform() * s;
    let j = i;
    for (; j < k - 1; j++) {
      u -= w[ord[j]!]!;
      if (u <= 0 || sfx[j + 1] === 0) break;
    }
    const c = ord[j]!;
    out[c] = out[c]! + 1;
  }
}
