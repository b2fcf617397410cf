/**
 * Linkage scored against the true entities of labelled data: pairwise and B-cubed precision,
 * recall and F1 of predicted clusters, from the contingency table of (entity, cluster) counts as
 * ../shared/linkage/score.py computes them (no pair is enumerated, so a million records score in a
 * second), and the recall of blocking. Used by the linkage bench and the linkage tests; the linker
 * itself never knows the truth.
 */
import type { CandidatePairs } from "../src/linkage/index.ts";


/** Precision, recall and F1 of one measure. */
export interface Measure {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** Both measures of one clustering. */
export interface ClusterScores {
  readonly pairwise: Measure;
  readonly bcubed: Measure;
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const comb2 = (n: number) => (n * (n - 1)) / 2;

/** Dense ids of values, in order of first occurrence. */
function dense(values: readonly string[]): { ids: Int32Array; count: number } {
  const index = new Map<string, number>();
  const ids = new Int32Array(values.length);
  values.forEach((v, k) => {
    let id = index.get(v);
    if (id === undefined) index.set(v, (id = index.size));
    ids[k] = id;
  });
  return { ids, count: index.size };
}

/**
 * Scores a clustering: `entityOf[k]` is record k's true entity, `clusterOf[k]` its predicted cluster.
 * @example clusterScores(["a", "a", "b"], ["c1", "c1", "c2"]).pairwise.f1 // 1
 */
export function clusterScores(entityOf: readonly string[], clusterOf: readonly string[]): ClusterScores {
  const n = entityOf.length;
  const e = dense(entityOf);
  const c = dense(clusterOf);
  const eSize = new Float64Array(e.count);
  const cSize = new Float64Array(c.count);
  const cells = new Map<number, number>();
  for (let k = 0; k < n; k++) {
    eSize[e.ids[k]!]!++;
    cSize[c.ids[k]!]!++;
    const key = e.ids[k]! * c.count + c.ids[k]!;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  let tp = 0;
  let b3p = 0;
  let b3r = 0;
  for (const [key, v] of cells) {
    tp += comb2(v);
    b3p += (v * v) / cSize[key % c.count]!;
    b3r += (v * v) / eSize[Math.floor(key / c.count)]!;
  }
  let truePairs = 0;
  let predPairs = 0;
  for (const s of eSize) truePairs += comb2(s);
  for (const s of cSize) predPairs += comb2(s);
  const pp = predPairs === 0 ? 1 : tp / predPairs;
  const pr = truePairs === 0 ? 1 : tp / truePairs;
  b3p /= Math.max(1, n);
  b3r /= Math.max(1, n);
  return { pairwise: { precision: pp, recall: pr, f1: f1(pp, pr) }, bcubed: { precision: b3p, recall: b3r, f1: f1(b3p, b3r) } };
}

/** How many true pairs blocking keeps and loses on labelled data. */
export interface BlockingReport {
  readonly truePairs: number;
  readonly found: number;
  readonly lost: number;
  readonly recall: number;
  readonly candidatePairs: number;
}

/**
 * Measures blocking recall against known entities: every pair of records of one entity (across
 * sources only when `crossSourceOnly`) should be a candidate.
 */
export function blockingRecall(
  pairs: CandidatePairs,
  entityOf: readonly string[],
  sources: readonly string[],
  crossSourceOnly: boolean,
): BlockingReport {
  const byEntity = new Map<string, number[]>();
  entityOf.forEach((e, i) => {
    const list = byEntity.get(e);
    if (list) list.push(i);
    else byEntity.set(e, [i]);
  });
  let truePairs = 0;
  for (const members of byEntity.values()) {
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        if (!crossSourceOnly || sources[members[a]!] !== sources[members[b]!]) truePairs++;
      }
    }
  }
  let found = 0;
  for (let p = 0; p < pairs.count; p++) {
    if (entityOf[pairs.left[p]!] === entityOf[pairs.right[p]!]) found++;
  }
  return { truePairs, found, lost: truePairs - found, recall: truePairs === 0 ? 1 : found / truePairs, candidatePairs: pairs.count };
}
