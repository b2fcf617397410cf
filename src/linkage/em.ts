/**
 * Fellegi-Sunter parameter estimation. u (agreement among non-matches) comes from random record
 * pairs, where matches are vanishingly rare; m (agreement among matches) comes from EM on the
 * candidate pairs of each blocking rule, leaving out the fields the rule forces to agree (as
 * Splink does), and the prior from EM over all candidates with m and u held.
 */
import type { PreparedRecords } from "./comparison.ts";
import type { FamilyContext } from "./context.ts";
import { inFamily } from "./context.ts";
import type { Rng } from "./random.ts";
import { randomInt } from "./random.ts";

/** Level probabilities of one comparison among matches (m) and non-matches (u). */
export interface LevelParams {
  readonly m: number[];
  readonly u: number[];
}

/** Levels of every comparison for a list of pairs: gammas[c][p], -1 = missing. */
export type Gammas = Int8Array[];

/** Computes the comparison levels of the pairs (left[p], right[p]). */
export function computeGammas(prep: PreparedRecords, left: Int32Array, right: Int32Array): Gammas {
  return prep.comparisons.map((c) => {
    const g = new Int8Array(left.length);
    for (let p = 0; p < left.length; p++) g[p] = c.level(left[p]!, right[p]!);
    return g;
  });
}

/** Estimates u per comparison level from `samples` random pairs (Laplace-smoothed). */
export function estimateU(prep: PreparedRecords, rng: Rng, samples: number, crossSourceOnly: boolean): number[][] {
  const n = prep.size;
  const counts = prep.comparisons.map((c) => new Float64Array(c.levels.length).fill(1));
  if (n < 2) return counts.map((c) => normalize(Array.from(c)));
  for (let s = 0; s < samples; s++) {
    const i = randomInt(rng, n);
    let j = randomInt(rng, n - 1);
    if (j >= i) j++;
    if (crossSourceOnly && prep.sources[i] === prep.sources[j]) continue;
    prep.comparisons.forEach((c, k) => {
      const l = c.level(i, j);
      if (l >= 0) counts[k]![l]! += 1;
    });
  }
  return counts.map((c) => normalize(Array.from(c)));
}

function normalize(v: number[]): number[] {
  const s = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / s);
}

/** Starting m: most weight on the top level, decreasing geometrically below it. */
export function initialM(levels: number): number[] {
  return normalize(Array.from({ length: levels }, (_, l) => 4 ** l));
}

const logit2 = (p: number) => Math.log2(p / (1 - p));

/**
 * One EM run on a set of pairs: updates m of the active comparisons and the prior; u is held.
 * `labels[p]` (0/1, or -1 unknown) fixes a pair's match probability, which is how human review
 * decisions inform training.
 */
export function runEm(
  gammas: Gammas,
  pairIdx: Int32Array,
  params: LevelParams[],
  active: readonly boolean[],
  opts: {
    iterations: number;
    prior: number;
    labels?: Int8Array;
    updateU?: boolean;
    /** Relatives' u, used for pairs in the family context (see context.ts). */
    family?: FamilyContext;
    /** How many pairs each entry of `pairIdx` stands for (compressed patterns); 1 when absent. */
    weights?: Float64Array;
  },
): { m: number[][]; u: number[][]; prior: number; iterations: number } {
  const m = params.map((p) => [...p.m]);
  const u = params.map((p) => [...p.u]);
  let prior = opts.prior;
  let it = 0;
  const post = new Float64Array(pairIdx.length);
  const weights = opts.weights;
  let total = 0;
  for (let q = 0; q < pairIdx.length; q++) total += weights ? weights[q]! : 1;
  for (; it < opts.iterations; it++) {
    const w = m.map((mc, c) => mc.map((x, l) => Math.log2(Math.max(x, 1e-9) / Math.max(u[c]![l]!, 1e-9))));
    const fam = opts.family;
    const wf = fam ? m.map((mc, c) => mc.map((x, l) => Math.log2(Math.max(x, 1e-9) / Math.max(fam.u[c]![l]!, 1e-9)))) : w;
    const famTop = fam ? params[fam.surname]!.m.length - 1 : 0;
    const base = logit2(prior);
    let sumPost = 0;
    for (let q = 0; q < pairIdx.length; q++) {
      const p = pairIdx[q]!;
      const label = opts.labels?.[p] ?? -1;
      const table = fam && inFamily(fam, gammas[fam.given]![p]!, gammas[fam.surname]![p]!, famTop) ? wf : w;
      let s = base;
      for (let c = 0; c < gammas.length; c++) {
        if (!active[c]) continue;
        const l = gammas[c]![p]!;
        if (l >= 0) s += table[c]![l]!;
      }
      const pr = label >= 0 ? label : 1 / (1 + 2 ** -s);
      const wq = weights ? weights[q]! : 1;
      post[q] = pr;
      sumPost += pr * wq;
    }
    let change = 0;
    for (let c = 0; c < gammas.length; c++) {
      if (!active[c]) continue;
      const acc = new Float64Array(m[c]!.length).fill(1e-6);
      const accU = new Float64Array(m[c]!.length).fill(1e-6);
      for (let q = 0; q < pairIdx.length; q++) {
        const l = gammas[c]![pairIdx[q]!]!;
        if (l >= 0) {
          const wq = weights ? weights[q]! : 1;
          acc[l]! += post[q]! * wq;
          accU[l]! += (1 - post[q]!) * wq;
        }
      }
      const next = normalize(Array.from(acc));
      next.forEach((x, l) => (change = Math.max(change, Math.abs(x - m[c]![l]!))));
      m[c] = next;
      if (opts.updateU) u[c] = normalize(Array.from(accU));
    }
    const nextPrior = Math.min(0.999, Math.max(1e-6, sumPost / Math.max(1, total)));
    change = Math.max(change, Math.abs(nextPrior - prior));
    prior = nextPrior;
    if (change < 1e-4) break;
  }
  return { m, u, prior, iterations: it };
}

/** A seeded sample of at most `max` indices from [0, n), in increasing order. */
export function samplePairIndices(candidates: Int32Array, max: number, rng: Rng): Int32Array {
  if (candidates.length <= max) return candidates;
  const out = new Int32Array(max);
  // Selection sampling (Knuth's algorithm S) keeps order and needs no extra memory.
  let chosen = 0;
  for (let k = 0; k < candidates.length && chosen < max; k++) {
    if ((candidates.length - k) * rng() < max - chosen) out[chosen++] = candidates[k]!;
  }
  return out;
}

/** Distinct comparison patterns of a set of pairs, with how many pairs share each. */
export interface Patterns {
  /** Levels per comparison for each distinct pattern, in the layout of `Gammas`. */
  readonly gammas: Gammas;
  readonly counts: Float64Array;
  /** Label of each pattern (-1 undecided); decided pairs never share a pattern with undecided ones. */
  readonly labels: Int8Array;
}

/**
 * Groups pairs by their levels on every comparison. EM only ever sees a pair through its levels,
 * so a few thousand patterns with counts replace hundreds of thousands of pairs at no loss.
 */
export function compressPatterns(gammas: Gammas, pairIdx: ArrayLike<number>, labels?: Int8Array): Patterns {
  const strides: number[] = [];
  let span = 3; // the label (-1, 0, 1) takes the lowest digit
  for (const g of gammas) {
    strides.push(span);
    let max = 0;
    for (let p = 0; p < g.length; p++) if (g[p]! > max) max = g[p]!;
    span *= max + 2;
  }
  if (span > 2 ** 52) throw new Error("too many comparison levels to compress pair patterns");
  const index = new Map<number, number>();
  const first: number[] = [];
  const counts: number[] = [];
  for (let q = 0; q < pairIdx.length; q++) {
    const p = pairIdx[q]!;
    let key = (labels?.[p] ?? -1) + 1;
    for (let c = 0; c < gammas.length; c++) key += (gammas[c]![p]! + 1) * strides[c]!;
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, first.length);
      first.push(p);
      counts.push(1);
    } else counts[k]!++;
  }
  return {
    gammas: gammas.map((g) => Int8Array.from(first, (p) => g[p]!)),
    counts: Float64Array.from(counts),
    labels: Int8Array.from(first, (p) => labels?.[p] ?? -1),
  };
}
