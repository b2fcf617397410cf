/**
 * The trained Fellegi-Sunter model and pair scoring. A pair's match weight is the prior log-odds
 * plus one log2(m/u) per field; exact agreement on a field with term frequencies uses the value's
 * own frequency instead of the average u, so agreeing on "Mohammad" counts less than on "Pardika".
 */
import type { PreparedRecords } from "./comparison.ts";
import type { FamilyContext } from "./context.ts";
import { inFamily } from "./context.ts";
import type { Gammas, LevelParams } from "./em.ts";

/** A trained model: per-comparison parameters, term frequencies and the prior among candidates. */
export interface Model {
  readonly names: readonly string[];
  readonly levels: readonly (readonly string[])[];
  readonly params: readonly LevelParams[];
  /** Per comparison: value → relative frequency, when term-frequency adjustment is on. */
  readonly tf: readonly (ReadonlyMap<string, number> | undefined)[];
  /** Probability that a candidate pair is a match. */
  readonly prior: number;
  /** u for pairs of relatives (same surname, different given name), when estimated. */
  readonly family?: FamilyContext;
}

/** Relative frequency of each non-empty value. */
export function termFrequencies(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const v of values) {
    if (v === "") continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    total++;
  }
  const freq = new Map<string, number>();
  for (const [v, c] of counts) freq.set(v, c / total);
  return freq;
}

/** One field's contribution to a pair's score. */
export interface FieldWeight {
  readonly field: string;
  /** Level label, or "missing". */
  readonly level: string;
  /** log2(m/u) of the level (0 when missing). */
  readonly weight: number;
  /** Term-frequency correction included in `weight` (0 when none). */
  readonly tfAdjustment: number;
}

/** A pair's score and where it comes from: prior + Σ field weights = matchWeight. */
export interface PairExplanation {
  readonly priorWeight: number;
  readonly fields: readonly FieldWeight[];
  readonly matchWeight: number;
  readonly probability: number;
}

/** Weight tables log2(m/u) per comparison and level, with the u of the given context. */
export function levelWeights(model: Model, family = false): number[][] {
  const us = family && model.family ? model.family.u : model.params.map((p) => p.u);
  return model.params.map((p, c) => p.m.map((m, l) => Math.log2(Math.max(m, 1e-9) / us[c]![l]!)));
}

/** The term-frequency correction for exact agreement on `value` of comparison `c`. */
export function tfAdjustment(model: Model, c: number, value: string): number {
  const freq = model.tf[c]?.get(value);
  const p = model.params[c]!;
  const uExact = p.u[p.u.length - 1]!;
  if (freq === undefined) return 0;
  return Math.log2(uExact / Math.max(freq, 1e-6));
}

function isFamilyPair(model: Model, level: (c: number) => number): boolean {
  const f = model.family;
  if (!f) return false;
  return inFamily(f, level(f.given), level(f.surname), model.levels[f.surname]!.length - 1);
}

/**
 * Explains one pair: the weight of each field, which sum with the prior to the match weight.
 * @example explainPair(model, prep, 3, 17).fields.map(f => `${f.field}: ${f.weight.toFixed(1)}`)
 */
export function explainPair(model: Model, prep: PreparedRecords, i: number, j: number): PairExplanation {
  const levels = prep.comparisons.map((c) => c.level(i, j));
  const family = isFamilyPair(model, (c) => levels[c]!);
  const weights = levelWeights(model, family);
  const priorWeight = Math.log2(model.prior / (1 - model.prior));
  let total = priorWeight;
  const fields = prep.comparisons.map((c, k) => {
    const l = levels[k]!;
    if (l < 0) return { field: c.name, level: "missing", weight: 0, tfAdjustment: 0 };
    const top = l === c.levels.length - 1;
    const adj = top && !family && c.tfValues && model.tf[k] ? tfAdjustment(model, k, c.tfValues[i]!) : 0;
    const w = weights[k]![l]! + adj;
    total += w;
    return { field: c.name, level: c.levels[l]!, weight: w, tfAdjustment: adj };
  });
  return { priorWeight, fields, matchWeight: total, probability: 1 / (1 + 2 ** -total) };
}

/**
 * Match weights of all pairs without the prior (Σ field weights, term frequencies included). In
 * the family context no term-frequency adjustment applies: a rare surname or father's name shared
 * by two records whose given names differ is what relatives have in common, not a coincidence.
 */
export function pairEvidence(model: Model, prep: PreparedRecords, gammas: Gammas, left: Int32Array): Float64Array {
  const n = left.length;
  const tables = [levelWeights(model, false), levelWeights(model, true)];
  const family = new Uint8Array(n);
  if (model.family) {
    const f = model.family;
    const top = model.levels[f.surname]!.length - 1;
    for (let p = 0; p < n; p++) family[p] = inFamily(f, gammas[f.given]![p]!, gammas[f.surname]![p]!, top) ? 1 : 0;
  }
  const score = new Float64Array(n);
  prep.comparisons.forEach((c, k) => {
    const g = gammas[k]!;
    const top = c.levels.length - 1;
    const adj = model.tf[k] && c.tfValues ? recordTfAdjustments(model, k, c.tfValues) : undefined;
    const normal = tables[0]![k]!;
    const fam = tables[1]![k]!;
    for (let p = 0; p < n; p++) {
      const l = g[p]!;
      if (l < 0) continue;
      if (family[p]) score[p]! += fam[l]!;
      else score[p]! += normal[l]! + (l === top && adj ? adj[left[p]!]! : 0);
    }
  });
  return score;
}

/** Each record's term-frequency adjustment on comparison `k`, computed once per distinct value. */
function recordTfAdjustments(model: Model, k: number, values: readonly string[]): Float64Array {
  const cache = new Map<string, number>();
  return Float64Array.from(values, (v) => {
    let a = cache.get(v);
    if (a === undefined) {
      a = tfAdjustment(model, k, v);
      cache.set(v, a);
    }
    return a;
  });
}

/** Probabilities from evidence and a prior. */
export function toProbabilities(evidence: Float64Array, prior: number): Float64Array {
  const base = Math.log2(prior / (1 - prior));
  return evidence.map((e) => 1 / (1 + 2 ** -(e + base)));
}

/**
 * The proportion of matches, by EM on the prior alone: λ ← expected matches / pairs. Labelled pairs
 * (0/1) count as decided. `totalPairs` (default: the pairs given) is the population the prior is
 * over: all record pairs, of which the candidates are the only ones that can match.
 */
export function estimatePriorFromEvidence(evidence: Float64Array, labels?: Int8Array, totalPairs?: number): number {
  const total = Math.max(1, totalPairs ?? evidence.length);
  // Evidence rounded to 1/64 bit: the iterations then run over a few thousand distinct values
  // instead of every candidate pair, with no visible change in the prior.
  const buckets = new Map<number, number>();
  let decided = 0;
  for (let p = 0; p < evidence.length; p++) {
    const l = labels?.[p] ?? -1;
    if (l >= 0) decided += l;
    else {
      const b = Math.round(evidence[p]! * 64);
      buckets.set(b, (buckets.get(b) ?? 0) + 1);
    }
  }
  const values = Float64Array.from(buckets.keys(), (b) => b / 64);
  const counts = Float64Array.from(buckets.values());
  let prior = Math.min(0.1, 10 / total);
  for (let k = 0; k < 500; k++) {
    const base = Math.log2(prior / (1 - prior));
    let sum = decided;
    for (let v = 0; v < values.length; v++) sum += counts[v]! / (1 + 2 ** -(values[v]! + base));
    const next = Math.min(0.999, Math.max(1e-12, sum / total));
    if (Math.abs(next - prior) < 1e-5 * prior) return next;
    prior = next;
  }
  return prior;
}
