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
  const weights = levelWeights(model, isFamilyPair(model, (c) => levels[c]!));
  const priorWeight = Math.log2(model.prior / (1 - model.prior));
  let total = priorWeight;
  const fields = prep.comparisons.map((c, k) => {
    const l = levels[k]!;
    if (l < 0) return { field: c.name, level: "missing", weight: 0, tfAdjustment: 0 };
    const top = l === c.levels.length - 1;
    const adj = top && c.tfValues && model.tf[k] ? tfAdjustment(model, k, c.tfValues[i]!) : 0;
    const w = weights[k]![l]! + adj;
    total += w;
    return { field: c.name, level: c.levels[l]!, weight: w, tfAdjustment: adj };
  });
  return { priorWeight, fields, matchWeight: total, probability: 1 / (1 + 2 ** -total) };
}

/** Match weights of all pairs without the prior (Σ field weights, term frequencies included). */
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
    const tfValues = model.tf[k] ? c.tfValues : undefined;
    const adjCache = new Map<string, number>();
    for (let p = 0; p < n; p++) {
      const l = g[p]!;
      if (l < 0) continue;
      let add = tables[family[p]!]![k]![l]!;
      if (l === top && tfValues) {
        const v = tfValues[left[p]!]!;
        let a = adjCache.get(v);
        if (a === undefined) {
          a = tfAdjustment(model, k, v);
          adjCache.set(v, a);
        }
        add += a;
      }
      score[p]! += add;
    }
  });
  return score;
}

/** Probabilities from evidence and a prior. */
export function toProbabilities(evidence: Float64Array, prior: number): Float64Array {
  const base = Math.log2(prior / (1 - prior));
  return evidence.map((e) => 1 / (1 + 2 ** -(e + base)));
}

/**
 * The proportion of matches among the pairs, by EM on the prior alone: λ ← mean posterior.
 * Labelled pairs (0/1) count as decided.
 */
export function estimatePriorFromEvidence(evidence: Float64Array, labels?: Int8Array): number {
  let prior = 0.1;
  for (let k = 0; k < 100; k++) {
    const base = Math.log2(prior / (1 - prior));
    let sum = 0;
    for (let p = 0; p < evidence.length; p++) {
      const l = labels?.[p] ?? -1;
      sum += l >= 0 ? l : 1 / (1 + 2 ** -(evidence[p]! + base));
    }
    const next = Math.min(0.999, Math.max(1e-6, sum / Math.max(1, evidence.length)));
    if (Math.abs(next - prior) < 1e-7) return next;
    prior = next;
  }
  return prior;
}
