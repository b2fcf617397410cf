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
 */
import type { CaptureTable } from "./capture-table.ts";
import { multinomial, negativeBinomialAtMost } from "./discrete.ts";
import type { Rng } from "./rng.ts";
import { logFactorial, logGammaFn } from "./special.ts";

/** LCMCR rejects draws of n0 above 20 × observed: in effect a prior bound N <= 21n. */
export const MAX_MISSING_PER_OBSERVED = 20;
/** Label-swap proposals per sweep. */
const SWAPS_PER_SWEEP = 3;

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

/** Sweeps between the pauses of a stepped chain: about 10-30 ms of work. */
const SWEEPS_PER_STEP = 500;

/**
 * Runs one chain and returns the retained draws of N = n + n0, as a generator that pauses every
 * SWEEPS_PER_STEP sweeps so that a caller serving other work (the web server) can run it in
 * slices; `estimateLcmcr` drains it at once. The draws are the same either way.
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
  /** For each pattern, the lists it is on, and its count. */
  private readonly onLists: Int32Array[];
  /** flags[m*J + j] = 1 when pattern m is on list j (dense, so the hot loop never reads out of bounds). */
  private readonly flags: Uint8Array;
  private readonly freq: Int32Array;
  /** lambda[j*K + k] = P(on list j | class k). */
  private readonly lambda: Float64Array;
  private readonly nu: Float64Array;
  private readonly logNu: Float64Array;
  private readonly countZ: Int32Array;
  private readonly count0: Int32Array;
  private readonly countK: Float64Array;
  /** People in class k on list j. */
  private readonly on1: Float64Array;
  private readonly probs: Float64Array;
  private readonly draw: Int32Array;
  private readonly byNu: Int32Array;
  /** nu_k · Π_j (1 − λ_jk): the class's share of the unobservable pattern. */
  private readonly zeroK: Float64Array;
  private alpha: number;
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
    this.onLists = cells.map((c) =>
      Int32Array.from({ length: J }, (_, j) => j).filter((j) => (c.pattern >> j) & 1),
    );
    this.freq = Int32Array.from(cells, (c) => c.count);
    this.flags = new Uint8Array(M * J);
    cells.forEach((c, m) => {
      for (let j = 0; j < J; j++) this.flags[m * J + j] = (c.pattern >> j) & 1;
    });
    this.lambda = new Float64Array(J * K);
    this.nu = new Float64Array(K);
    this.logNu = new Float64Array(K);
    this.countZ = new Int32Array(M * K);
    this.count0 = new Int32Array(K);
    this.countK = new Float64Array(K);
    this.on1 = new Float64Array(J * K);
    this.probs = new Float64Array(K);
    this.draw = new Int32Array(K);
    this.byNu = new Int32Array(K);
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

  private sampleClassCounts(): void {
    const { J, K, M, nu, lambda, probs, draw, countZ, freq, flags, rng, byNu } = this;
    // Classes by weight, heaviest first: a good visiting order for every pattern's multinomial.
    for (let k = 0; k < K; k++) {
      let i = k;
      while (i > 0 && nu[byNu[i - 1]!]! < nu[k]!) {
        byNu[i] = byNu[i - 1]!;
        i--;
      }
      byNu[i] = k;
    }
    for (let m = 0; m < M; m++) {
      const row = m * J;
      for (let k = 0; k < K; k++) {
        let p = nu[k]!;
        for (let j = 0; j < J; j++) {
          const l = lambda[j * K + k]!;
          p *= flags[row + j] === 1 ? l : 1 - l;
        }
        probs[k] = p;
      }
      multinomial(rng, freq[m]!, probs, draw, byNu);
      countZ.set(draw, m * K);
    }
  }

  private sampleLambda(): void {
    const { J, K, M, on1, countK, countZ, onLists, lambda, rng } = this;
    on1.fill(0);
    countK.set(this.count0);
    for (let m = 0; m < M; m++) {
      const on = onLists[m]!;
      const base = m * K;
      for (let k = 0; k < K; k++) {
        const c = countZ[base + k]!;
        if (c === 0) continue;
        countK[k] = countK[k]! + c;
        for (let o = 0; o < on.length; o++) {
          const idx = on[o]! * K + k;
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

  // Stick-breaking weights in log space: tail sticks can be smaller than the smallest double.
  private sampleNu(): void {
    const { K, countK, logNu, nu, rng } = this;
    const total = this.n0 + this.n;
    let acc = 0;
    let logRest = 0;
    for (let k = 0; k < K - 1; k++) {
      acc += countK[k]!;
      const g1 = rng.logGamma(1 + countK[k]!);
      const g2 = rng.logGamma(this.alpha + (total - acc));
      const lsum = Math.max(g1, g2) + Math.log1p(Math.exp(-Math.abs(g1 - g2)));
      logNu[k] = g1 - lsum + logRest;
      logRest += g2 - lsum;
      nu[k] = Math.exp(logNu[k]!);
    }
    logNu[K - 1] = logRest;
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
   * log p(class sizes | α) with the stick weights integrated out, up to a constant: the product
   * over the first K − 1 sticks of B(1 + c_k, α + c_{k+1} + … + c_K) / B(1, α). Only the terms
   * k = from … to, the ones a swap of classes `from` < `to` changes.
   */
  private logStickTerms(from: number, to: number): number {
    const { K, countK, alpha } = this;
    const top = Math.min(to, K - 2);
    let tail = 0; // people in the classes after k
    for (let k = K - 1; k > top; k--) tail += countK[k]!;
    let lp = 0;
    for (let k = top; k >= from; k--) {
      const c = countK[k]!;
      // Γ(1 + c) = c! for the integer class size: a table lookup instead of the Lanczos series.
      lp += logFactorial(c) + logGammaFn(alpha + tail) - logGammaFn(1 + alpha + c + tail);
      tail += c;
    }
    return lp;
  }

  /**
   * Metropolis move: swap the labels of two random classes (their λ, their people, observed and
   * imputed). The likelihood and the λ prior do not change, so the acceptance ratio is the ratio
   * of the stick-breaking prior of the class sizes, with the weights integrated out.
   */
  private swapLabels(): void {
    const { K, J, M, countK, count0, lambda, countZ, rng } = this;
    let a = Math.floor(rng.uniform() * K);
    let b = Math.floor(rng.uniform() * (K - 1));
    if (b >= a) b++;
    if (a > b) [a, b] = [b, a];
    const ca = countK[a]!;
    const cb = countK[b]!;
    if (ca === 0 && cb === 0) return; // two empty classes: swapping them changes nothing
    const before = this.logStickTerms(a, b);
    countK[a] = cb;
    countK[b] = ca;
    const after = this.logStickTerms(a, b);
    if (Math.log(rng.uniform()) >= after - before) {
      countK[a] = ca;
      countK[b] = cb;
      return;
    }
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
    permute(this.logNu, 1);
    permute(this.countZ, M);
    permute(this.count0, 1);
    permute(this.countK, 1);
  }

  private sampleAlpha(): void {
    this.alpha = this.rng.gamma(this.aAlpha + this.K - 1) / (this.bAlpha - this.logNu[this.K - 1]!);
  }
}

function swap(arr: Float64Array | Int32Array, i: number, j: number): void {
  const t = arr[i]!;
  arr[i] = arr[j]!;
  arr[j] = t;
}
