/**
 * One chain of the LCMCR Gibbs sampler (Manrique-Vallier 2016): a Dirichlet-process mixture of
 * product-Bernoulli latent classes, truncated at K classes by stick-breaking, with the unobserved
 * count n0 imputed each sweep. It mirrors the update order of R's LCMCR (NPLCM_CR_Basic_Freq) but
 * works on distinct patterns × classes, drawing class counts per pattern from a multinomial, so a
 * sweep costs O(patterns · K · J) whatever the number of people.
 */
import type { CaptureTable } from "./capture-table.ts";
import { multinomial, negativeBinomial } from "./discrete.ts";
import type { Rng } from "./rng.ts";

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

/**
 * Runs one chain and returns the retained draws of N = n + n0.
 * @param onSweep called after every 1,000 sweeps with the sweeps done so far (for progress bars).
 */
export function runLcmcrChain(
  table: CaptureTable,
  prior: LcmcrPrior,
  schedule: ChainSchedule,
  rng: Rng,
  onSweep?: (done: number) => void,
): Float64Array {
  const chain = new LcmcrChain(table, prior, rng);
  // LCMCR's warm-up: 500 sweeps with α held small, before the burn-in proper.
  for (let i = 0; i < 500; i++) chain.sweep(false);
  const draws = new Float64Array(schedule.samples);
  let done = 0;
  const tick = () => {
    done++;
    if (onSweep !== undefined && done % 1000 === 0) onSweep(done);
  };
  for (let i = 0; i < schedule.burnin; i++) {
    chain.sweep(true);
    tick();
  }
  for (let s = 0; s < schedule.samples; s++) {
    for (let t = 0; t < schedule.thinning; t++) {
      chain.sweep(true);
      tick();
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

  /** One Gibbs sweep, in LCMCR's order; α is held fixed during the warm-up. */
  sweep(withAlpha: boolean): void {
    this.sampleClassCounts();
    this.sampleLambda();
    this.sampleNu();
    this.sampleMissing();
    if (withAlpha) this.sampleAlpha();
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
        lambda[j * K + k] = rng.beta(1 + a, 1 + countK[k]! - a);
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
    // With prior p(N) ∝ 1/N, n0 given the rest is negative binomial (LCMCR's sam_n0).
    this.n0 = negativeBinomial(rng, this.n, 1 - probZero);
    if (this.n0 > 0) multinomial(rng, this.n0, zeroK, this.count0);
    else this.count0.fill(0);
  }

  private sampleAlpha(): void {
    this.alpha = this.rng.gamma(this.aAlpha + this.K - 1) / (this.bAlpha - this.logNu[this.K - 1]!);
  }
}
