/**
 * The computing part of a linkage run over the stored lists, as one pure function of plain data:
 * link the records, name the clusters, pick the uncertain pairs for review and explain them. Plain
 * data in and out, so that it can run in a worker thread (link-worker.ts) as well as in-process.
 */
import { explainPair, linkRecords, type LinkSettings, type ReviewDecision } from "../linkage/index.ts";
import { clusterName, compareKeys, pairString, type RecordKey } from "./keys.ts";
import type { ExplanationJson } from "../db/index.ts";

/** Everything a linkage run computes from. */
export interface LinkJob {
  /** The records as the linker reads them, in the same order as `keys`. */
  readonly records: readonly Record<string, string>[];
  readonly keys: readonly RecordKey[];
  readonly settings: LinkSettings;
  readonly decisions: readonly ReviewDecision[];
  /** Pairs (as `pairString`) a reviewer has decided: never queued again. */
  readonly decided: readonly string[];
  readonly bandLow: number;
  readonly bandHigh: number;
  readonly maxQueue: number;
}

/** One pair for the review queue, in canonical order, with its explanation. */
export interface QueuedPairOut {
  readonly left: RecordKey;
  readonly right: RecordKey;
  readonly probability: number;
  readonly explanation: ExplanationJson;
}

/** What a linkage run computed. */
export interface LinkJobResult {
  /** The cluster (named by its smallest member key) of each record, in input order. */
  readonly clusterOf: readonly string[];
  readonly clusters: number;
  /** Clusters with more than one record. */
  readonly linked: number;
  /** Candidate pairs scored. */
  readonly pairs: number;
  readonly queued: readonly QueuedPairOut[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Runs the linker over a job's records and returns the clusters and the review queue. */
export function runLinkJob(job: LinkJob): LinkJobResult {
  const { keys } = job;
  const result = linkRecords(job.records, job.settings, { decisions: job.decisions });

  const groups = new Map<string, RecordKey[]>();
  result.clusters.forEach((c, i) => (groups.get(c) ?? groups.set(c, []).get(c)!).push(keys[i]!));
  const nameOf = new Map<string, string>();
  for (const [c, members] of groups) nameOf.set(c, clusterName(members));

  // The pairs the model is unsure of either way, most uncertain first, minus those decided.
  const decided = new Set(job.decided);
  const { left, right, probability } = result.pairs;
  const uncertain: number[] = [];
  for (let p = 0; p < probability.length; p++) {
    const pr = probability[p]!;
    if (pr < job.bandLow || pr > job.bandHigh) continue;
    if (decided.has(pairString(keys[left[p]!]!, keys[right[p]!]!))) continue;
    uncertain.push(p);
  }
  uncertain.sort((x, y) => Math.abs(probability[x]! - 0.5) - Math.abs(probability[y]! - 0.5) || x - y);
  const queued = uncertain.slice(0, job.maxQueue).map((p): QueuedPairOut => {
    const i = left[p]!;
    const j = right[p]!;
    const [l, r, li, ri] = compareKeys(keys[i]!, keys[j]!) <= 0 ? [keys[i]!, keys[j]!, i, j] : [keys[j]!, keys[i]!, j, i];
    const e = explainPair(result.model, result.prepared, li, ri);
    return {
      left: l,
      right: r,
      probability: probability[p]!,
      explanation: {
        priorWeight: round(e.priorWeight),
        matchWeight: round(e.matchWeight),
        fields: e.fields.map((f) => ({ field: f.field, level: f.level, weight: round(f.weight), tfAdjustment: round(f.tfAdjustment) })),
      },
    };
  });

  return {
    clusterOf: result.clusters.map((c) => nameOf.get(c)!),
    clusters: groups.size,
    linked: [...groups.values()].filter((g) => g.length > 1).length,
    pairs: probability.length,
    queued,
  };
}
