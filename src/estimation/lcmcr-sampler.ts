/**
 * One chain of the LCMCR Gibbs sampler (Manrique-Vallier 2016): a Dirichlet-process mixture of
 * product-Bernoulli latent classes, truncated at K classes by stick-breaking, with the unobserved
 * count n0 imputed each sweep. It follows R's LCMCR (NPLCM_CR_Basic_Freq, version 0.4.14): the same
 * start, 500 warm-up sweeps with α held small, classes then relabelled heaviest first, the same
 * update order, and n0 drawn from its negative binomial restricted to n0 <= 20n. It works on
 * distinct patterns × classes, drawing class counts per pattern from a multinomial, so a sweep
 * costs O(patterns · K · J) whatever the number of people.
 *
 * One addition to R's sweep: label-swap Metropolis moves (Papaspiliopoulos & Roberts 2008;
 * Hastie, Liverani & Richardson 2015). The stick-breaking prior is not symmetric in the class
 * labels, and Gibbs updates never reorder classes, so a chain without them can sit for its whole
 * run in one ordering of the classes; with many lists (uk_slavery_6) such an ordering shifts the
 * posterior of N by several per cent, which R's own seeds show as a 10 % spread of their medians.
 * The moves leave the posterior unchanged and only let the chain visit the orderings.
 *
 * Speed: a sweep allocates nothing and calls few logarithms. Its costs were, in order, the class
 * counts (one multinomial per pattern), the stick weights and the swap moves; see the comments of
 * each step for what made it cheap without changing the distribution it draws from.
 */
import type { CaptureTable } from "./capture-table.ts";
import { binomial, multinomial, negativeBinomialAtMost } from "./discrete.ts";
import type { Rng } from "./rng.ts";
import { logFactorial, logGammaFn } from "./special.ts";

/** LCMCR rejects draws of n0 above 20 × observed: in effect a prior bound N <= 21n. */
export const MAX_MISSING_PER_OBSERVED = 20;
/** Label-swap proposals per sweep. */
const SWAPS_PER_SWEEP = 3;
/**
 * A pattern's last few people are placed in classes one by one (one uniform each) rather than by
 * further binomials, each of which costs several uniforms and a square root or a power.
 */
const FEW = 4;

/** Prior and truncation settings of the latent-class model. */
export interface LcmcrPrior {
  /** Truncation level of the stick-breaking prior (R's K, default 10). */
  readonly K: number;
  /** Gamma(a, b) prior on the concentration α (R's a_alpha, b_alpha; default 0.25 each). */
  readonly aAlpha: number;
  readonly bAlpha: number;
}

/** How long to run a chain. */
export interface ChainSchedule {
  readonly burnin: number;
  readonly thinning: number;
  /** Retained draws (R's `samples`): the chain runs burnin + samples × thinning sweeps. */
  readonly samples: number;
}

/** Sweeps between the pauses of a stepped chain: a few milliseconds of work. */
const SWEEPS_PER_STEP = 500;

/**
 * Runs one chain and returns the retained draws of N = n + n0, as a generator that pauses every
 * SWEEPS_PER_STEP sweeps so that a caller serving other work can run it in slices; a caller with
 * nothing else to do drains it at once. The draws are the same either way.
 * @param onSweep called after every 1,000 sweeps with the sweeps done so far (for progress bars).
 */
export function* lcmcrChainSteps(
  table: CaptureTable,
  prior: LcmcrPrior,
  schedule: ChainSchedule,
  rng: Rng,
  onSweep?: (done: number) => void,
): Generator<void, Float64Array, void> {
  const chain = new LcmcrChain(table, prior, rng);
  // LCMCR's warm-up: 500 sweeps with α held small, before the burn-in proper.
  for (let i = 0; i < 500; i++) chain.sweep(true);
  // As LCMCR does once warmed up: heaviest class first, the order the stick-breaking prior favours.
  chain.relabelByWeight();
  const draws = new Float64Array(schedule.samples);
  let done = 0;
  for (let i = 0; i < schedule.burnin; i++) {
    chain.sweep(false);
    done++;
    if (done % 1000 === 0) onSweep?.(done);
    if (done % SWEEPS_PER_STEP === 0) yield;
  }
  for (let s = 0; s < schedule.samples; s++) {
    for (let t = 0; t < schedule.thinning; t++) {
      chain.sweep(false);
      done++;
      if (done % 1000 === 0) onSweep?.(done);
      if (done % SWEEPS_PER_STEP === 0) yield;
    }
    draws[s] = chain.total();
  }
  return draws;
}

// The chain's state lives in typed arrays and class fields: V8 keeps those unboxed, whereas
// numbers reassigned inside closures are boxed on every write.
class LcmcrChain {
  private readonly J: number;
  private readonly K: number;
  private readonly M: number;
  private readonly n: number;
  private readonly aAlpha: number;
  private readonly bAlpha: number;
  /** onLists[onStart[m] .. onStart[m + 1]) are the lists pattern m is on. */
  private readonly onLists: Int32Array;
  private readonly onStart: Int32Array;
  /** Lists 0 … half − 1 form the low half of a pattern, the others the high half. */
  private readonly half: number;
  /** Where pattern m's rows start in the low and high tables (subset × K). */
  private readonly lowOf: Int32Array;
  private readonly highOf: Int32Array;
  /** Products of λ or 1 − λ over the subsets of each half of the lists, per class (see fillHalfTables). */
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private readonly freq: Int32Array;
  /** lambda[j*K + k] = P(on list j | class k). */
  private readonly lambda: Float64Array;
  private readonly nu: Float64Array;
  private readonly countZ: Int32Array;
  private readonly count0: Int32Array;
  private readonly countK: Float64Array;
  /** People in class k on list j. */
  private readonly on1: Float64Array;
  /** Each pattern's classes by weight, heaviest first (order[m*K + i]), kept between sweeps. */
  private readonly order: Int32Array;
  /** Scratch of the class-count step: weights and suffix sums. */
  private readonly w: Float64Array;
  private readonly sfx: Float64Array;
  /** nu_k · Π_j (1 − λ_jk): the class's share of the unobservable pattern. */
  private readonly zeroK: Float64Array;
  private alpha: number;
  /** log ν_K, the last class's weight, which α's update needs. */
  private logLast = 0;
  private n0 = 0;

  constructor(
    table: CaptureTable,
    prior: LcmcrPrior,
    private readonly rng: Rng,
  ) {
    const J = (this.J = table.lists.length);
    const K = (this.K = prior.K);
    const cells = table.cells;
    const M = (this.M = cells.length);
    const n = (this.n = table.observed);
    this.aAlpha = prior.aAlpha;
    this.bAlpha = prior.bAlpha;
    this.freq = Int32Array.from(cells, (c) => c.count);
    const half = (this.half = J >> 1);
    this.lowOf = Int32Array.from(cells, (c) => (c.pattern & ((1 << half) - 1)) * K);
    this.highOf = Int32Array.from(cells, (c) => (c.pattern >> half) * K);
    this.low = new Float64Array((1 << half) * K);
    this.high = new Float64Array((1 << (J - half)) * K);
    this.onStart = new Int32Array(M + 1);
    const on: number[] = [];
    cells.forEach((c, m) => {
      for (let j = 0; j < J; j++) {
        if ((c.pattern >> j) & 1) on.push(j);
      }
      this.onStart[m + 1] = on.length;
    });
    this.onLists = Int32Array.from(on);
    this.lambda = new Float64Array(J * K);
    this.nu = new Float64Array(K);
    this.countZ = new Int32Array(M * K);
    this.count0 = new Int32Array(K);
    this.countK = new Float64Array(K);
    this.on1 = new Float64Array(J * K);
    this.w = new Float64Array(K);
    this.order = Int32Array.from({ length: M * K }, (_, i) => i % K);
    this.sfx = new Float64Array(K + 1);
    this.zeroK = new Float64Array(K);
    // LCMCR's start: λ at the lists' marginal frequencies, α small, most mass on four classes.
    this.alpha = 0.3 / K;
    for (let j = 0; j < J; j++) {
      let s = 0;
      for (let m = 0; m < M; m++) if ((cells[m]!.pattern >> j) & 1) s += this.freq[m]!;
      this.lambda.fill(s / n, j * K, (j + 1) * K);
    }
    for (let k = 0; k < K; k++) this.nu[k] = K <= 4 ? 1 / K : k < 4 ? 0.225 : 0.1 / (K - 4);
  }

  /** N = observed + imputed unobserved, at the current state. */
  total(): number {
    return this.n + this.n0;
  }

  /** One sweep, in LCMCR's order; the warm-up holds α fixed and, like LCMCR, swaps no labels. */
  sweep(warmingUp: boolean): void {
    this.sampleClassCounts();
    this.sampleLambda();
    // Between λ and ν: the swap moves integrate the stick weights out, and sampleNu redraws them.
    if (!warmingUp) for (let t = 0; t < SWAPS_PER_SWEEP; t++) this.swapLabels();
    this.sampleNu();
    this.sampleMissing();
    if (!warmingUp) this.sampleAlpha();
  }

  /**
   * Each pattern's people over the classes, multinomial with weights ν_k Π_j λ_jk^x (1 − λ_jk)^(1−x).
   *
   * The products come from two tables per class, one over the subsets of the first half of the
   * lists and one over the second, so a pattern's weight is two multiplications rather than a
   * chain of J. A pattern with few people places each with one uniform; a larger one visits its
   * classes heaviest first with conditional binomials until only a few people remain. Its order
   * is kept from sweep to sweep: it changes little, and an insertion sort of a nearly sorted order
   * costs K comparisons whose outcome the processor predicts.
   */
  private sampleClassCounts(): void {
    const { K, M, nu, w, order, sfx, countZ, freq, lowOf, highOf, low, high, rng } = this;
    this.fillHalfTables();
    for (let m = 0; m < M; m++) {
      const base = m * K;
      const lo = lowOf[m]!;
      const hi = highOf[m]!;
      let total = 0;
      for (let k = 0; k < K; k++) {
        const p = nu[k]! * low[lo + k]! * high[hi + k]!;
        w[k] = p;
        total += p;
        countZ[base + k] = 0;
      }
      let remaining = freq[m]!;
      if (remaining <= FEW) {
        // Few people: each in turn, in any order (the multinomial does not depend on it).
        for (; remaining > 0; remaining--) {
          let u = rng.uniform() * total;
          let t = 0;
          while (t < K - 1 && (u > w[t]! || w[t] === 0)) u -= w[t++]!;
          while (w[t] === 0 && t > 0) t--; // rounding ran past the last class with weight
          countZ[base + t]!++;
        }
        continue;
      }
      for (let i = base + 1; i < base + K; i++) {
        const c = order[i]!;
        const wc = w[c]!;
        let t = i;
        while (t > base && w[order[t - 1]!]! < wc) {
          order[t] = order[t - 1]!;
          t--;
        }
        order[t] = c;
      }
      // Suffix sums from the light end: tiny trailing weights stay exact.
      sfx[K] = 0;
      for (let i = K - 1; i >= 0; i--) sfx[i] = sfx[i + 1]! + w[order[base + i]!]!;
      let i = 0;
      for (; remaining > FEW && i < K - 1; i++) {
        const c = order[base + i]!;
        const x = binomial(rng, remaining, w[c]! / sfx[i]!);
        countZ[base + c] = x;
        remaining -= x;
      }
      // The rest are i.i.d. over the classes not yet visited.
      const s = sfx[i]!;
      for (; remaining > 0; remaining--) {
        let u = rng.uniform() * s;
        let t = i;
        for (; t < K - 1; t++) {
          u -= w[order[base + t]!]!;
          if (u <= 0 || sfx[t + 1] === 0) break;
        }
        countZ[base + order[base + t]!]!++;
      }
    }
  }

  /**
   * low[s*K + k] = Π over the first half's lists j of λ_jk if j is in subset s, else 1 − λ_jk;
   * high likewise over the second half. Each table doubles from the one before it: 2^(h+1)
   * multiplications per class and half.
   */
  private fillHalfTables(): void {
    const { J, K, lambda, low, high, half } = this;
    for (let k = 0; k < K; k++) {
      low[k] = 1;
      high[k] = 1;
    }
    for (let j = 0; j < J; j++) {
      const table = j < half ? low : high;
      const size = 1 << (j < half ? j : j - half);
      for (let s = 0; s < size; s++) {
        for (let k = 0; k < K; k++) {
          const l = lambda[j * K + k]!;
          const v = table[s * K + k]!;
          table[(s + size) * K + k] = v * l;
          table[s * K + k] = v * (1 - l);
        }
      }
    }
  }

  private sampleLambda(): void {
    const { J, K, M, on1, countK, countZ, onLists, onStart, lambda, rng } = this;
    on1.fill(0);
    for (let k = 0; k < K; k++) countK[k] = this.count0[k]!;
    for (let m = 0; m < M; m++) {
      const base = m * K;
      const from = onStart[m]!;
      const to = onStart[m + 1]!;
      for (let k = 0; k < K; k++) {
        const c = countZ[base + k]!;
        countK[k] = countK[k]! + c;
        for (let o = from; o < to; o++) {
          const idx = onLists[o]! * K + k;
          on1[idx] = on1[idx]! + c;
        }
      }
    }
    for (let j = 0; j < J; j++) {
      for (let k = 0; k < K; k++) {
        const a = on1[j * K + k]!;
        const size = countK[k]!;
        // An empty class's λ is drawn from its prior, Beta(1, 1): one uniform instead of two
        // gamma variates (most of the K classes are empty or nearly so).
        lambda[j * K + k] = size === 0 ? rng.uniform() : rng.beta(1 + a, 1 + size - a);
      }
    }
  }

  /**
   * Stick-breaking weights, V_k ~ Beta(1 + c_k, α + c_{k+1} + … + c_K), with log(1 − V_k) summed
   * in log space: the rest of the stick after many tail breaks can be smaller than the smallest
   * double, and α's update needs its logarithm. An empty class's stick is Beta(1, b), whose
   * 1 − V = U^(1/b) exactly: one uniform and a logarithm instead of two gamma variates.
   */
  private sampleNu(): void {
    const { K, countK, nu, rng, alpha } = this;
    const total = this.n0 + this.n;
    let acc = 0;
    let logRest = 0;
    for (let k = 0; k < K - 1; k++) {
      const c = countK[k]!;
      acc += c;
      const b = alpha + (total - acc);
      let v: number;
      let log1mV: number;
      if (c === 0) {
        log1mV = Math.log(rng.uniform()) / b;
        v = -Math.expm1(log1mV);
      } else if (b >= 1) {
        // V = G1 / (G1 + G2) with shapes of at least one: neither variate can underflow.
        const g1 = rng.gamma(1 + c);
        const g2 = rng.gamma(b);
        v = g1 / (g1 + g2);
        log1mV = Math.log(g2 / (g1 + g2));
      } else {
        // Nobody in the later classes: Γ(α) with α tiny can underflow, so its logarithm is drawn.
        const g1 = rng.logGamma(1 + c);
        const g2 = rng.logGamma(b);
        const lsum = Math.max(g1, g2) + Math.log1p(Math.exp(-Math.abs(g1 - g2)));
        v = Math.exp(g1 - lsum);
        log1mV = g2 - lsum;
      }
      const rest = Math.exp(logRest);
      nu[k] = v * rest;
      logRest += log1mV;
    }
    this.logLast = logRest;
    nu[K - 1] = Math.exp(logRest);
  }

  private sampleMissing(): void {
    const { J, K, nu, lambda, zeroK, rng } = this;
    let probZero = 0;
    for (let k = 0; k < K; k++) {
      let p = nu[k]!;
      for (let j = 0; j < J; j++) p *= 1 - lambda[j * K + k]!;
      zeroK[k] = p;
      probZero += p;
    }
    // With prior p(N) ∝ 1/N, n0 given the rest is negative binomial (LCMCR's sam_n0), which
    // LCMCR redraws until n0 <= 20n: the same truncated distribution.
    this.n0 = negativeBinomialAtMost(rng, this.n, 1 - probZero, MAX_MISSING_PER_OBSERVED * this.n);
    if (this.n0 > 0) multinomial(rng, this.n0, zeroK, this.count0);
    else this.count0.fill(0);
  }

  /**
   * Metropolis move: swap the labels of two random classes a < b (their λ, their people, observed
   * and imputed). The likelihood and the λ prior do not change, so the acceptance ratio is the
   * ratio of the stick-breaking prior of the class sizes (`swapLogRatio`).
   */
  private swapLabels(): void {
    const { K, J, M, countK, count0, lambda, countZ, rng } = this;
    let a = Math.floor(rng.uniform() * K);
    let b = Math.floor(rng.uniform() * (K - 1));
    if (b >= a) b++;
    if (a > b) {
      const t = a;
      a = b;
      b = t;
    }
    const ca = countK[a]!;
    const cb = countK[b]!;
    if (ca === 0 && cb === 0) return; // two empty classes: swapping them changes nothing
    if (Math.log(rng.uniform()) >= swapLogRatio(countK, this.alpha, a, b)) return;
    countK[a] = cb;
    countK[b] = ca;
    swap(count0, a, b);
    for (let j = 0; j < J; j++) swap(lambda, j * K + a, j * K + b);
    for (let m = 0; m < M; m++) swap(countZ, m * K + a, m * K + b);
  }

  /** Relabels the classes by decreasing weight (LCMCR's permute_latent_classes_by_nu). */
  relabelByWeight(): void {
    const { K, J, M, nu } = this;
    const order = Array.from({ length: K }, (_, k) => k).sort((x, y) => nu[y]! - nu[x]!);
    const permute = (arr: Float64Array | Int32Array, rows: number) => {
      const old = arr.slice();
      for (let r = 0; r < rows; r++) {
        for (let k = 0; k < K; k++) arr[r * K + k] = old[r * K + order[k]!]!;
      }
    };
    permute(this.lambda, J);
    permute(this.nu, 1);
    permute(this.countZ, M);
    permute(this.count0, 1);
    permute(this.countK, 1);
  }

  private sampleAlpha(): void {
    this.alpha = this.rng.gamma(this.aAlpha + this.K - 1) / (this.bAlpha - this.logLast);
  }
}

/**
 * log p(sizes after swapping classes a < b | α) − log p(sizes | α), the stick weights integrated
 * out: p(c | α) ∝ Π_{k<K} B(1 + c_k, α + T_{k+1}) with T_k = c_k + … + c_K. As Γ(1 + x) = x Γ(x),
 * each factor is c_k! Γ(α + T_{k+1}) / Γ(α + T_k) / (α + T_k): the gammas telescope, the factorials
 * are only reordered, and what a swap changes is Π_{a<k<=b} (α + T_k) / (α + T'_k), a few
 * multiplications; only a swap with the last class, which has no stick of its own, needs gammas.
 */
export function swapLogRatio(countK: ArrayLike<number>, alpha: number, a: number, b: number): number {
  const K = countK.length;
  const ca = countK[a]!;
  const cb = countK[b]!;
  const top = b === K - 1 ? K - 2 : b;
  let tail = 0; // T_k: people in classes k and after
  for (let k = K - 1; k > top; k--) tail += countK[k]!;
  let ratio = 1;
  // T'_k = T_k − c_b + c_a for a < k <= b.
  for (let k = top; k > a; k--) {
    tail += countK[k]!;
    ratio *= (alpha + tail) / (alpha + tail - cb + ca);
  }
  let log = Math.log(ratio);
  // The last factor's Γ(α + T_K) and c_a!: T_K = c_b before the swap, c_a after.
  if (b === K - 1) log += logGammaFn(alpha + ca) - logGammaFn(alpha + cb) + logFactorial(cb) - logFactorial(ca);
  return log;
}

function swap(arr: Float64Array | Int32Array, i: number, j: number): void {
  const t = arr[i]!;
  arr[i] = arr[j]!;
  arr[j] = t;
}
