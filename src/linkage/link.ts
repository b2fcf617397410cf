/**
 * The linkage pipeline over in-memory records: prepare, block, estimate u and m, score, cluster.
 * Pure and deterministic for a given seed; the CLI and the app do the reading and writing.
 */
import { validationError } from "../shared/errors.ts";
import type { CandidatePairs } from "./blocking.ts";
import { blockPairsByIds, ruleKeyIds } from "./blocking.ts";
import { assignOneToOne, clusterPairs } from "./cluster.ts";
import type { PreparedRecords } from "./comparison.ts";
import type { LevelParams } from "./em.ts";
import { compressPatterns, computeGammas, estimateU, initialM, runEm, samplePairIndices } from "./em.ts";
import type { FamilyContext } from "./context.ts";
import { candidateU } from "./context.ts";
import type { Model } from "./model.ts";
import { estimatePriorFromEvidence, pairEvidence, termFrequencies, toProbabilities } from "./model.ts";
import { availableBlockKeys, prepareRecords } from "./prepare.ts";
import { createRng } from "./random.ts";
import { cellOf } from "./text.ts";
import type { LinkSettings } from "./settings.ts";

/** A reviewer's decision on one pair of record ids; it overrides the model and trains it. */
export interface ReviewDecision {
  readonly left: string;
  readonly right: string;
  readonly decision: "match" | "non-match";
}

/** Options of one run: reviewers' decisions, and who hears of each finished stage. */
export interface LinkOptions {
  readonly decisions?: readonly ReviewDecision[];
  /**
   * Called after each stage (prepare, block, compare, train, cluster) with its seconds, so that a
   * caller can show progress on long runs; the core itself writes nothing.
   */
  readonly onStage?: (stage: string, seconds: number) => void;
}

/** Everything a linkage run produces. */
export interface LinkResult {
  /** Record ids in input order. */
  readonly ids: readonly string[];
  /** Cluster id per record, in input order. */
  readonly clusters: readonly string[];
  /** Every scored candidate pair (record indices) with its match probability. */
  readonly pairs: { readonly left: Int32Array; readonly right: Int32Array; readonly probability: Float64Array };
  readonly model: Model;
  readonly prepared: PreparedRecords;
  readonly candidates: CandidatePairs;
  /** Seconds spent per stage, for benchmarks. */
  readonly timings: Readonly<Record<string, number>>;
}

function checkInput(records: readonly Record<string, string>[], settings: LinkSettings): string[] {
  if (records.length === 0) throw validationError("records: the input has no records");
  const ids = records.map((r, k) => {
    const id = cellOf(r, settings.idColumn).trim();
    if (id === "") throw validationError(`${settings.idColumn}: record ${k + 1} has no id`);
    return id;
  });
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw validationError(`${settings.idColumn}: duplicate id "${id}"`);
    seen.add(id);
  }
  const columns = new Set(Object.keys(records[0]!));
  for (const f of settings.fields) {
    const cols = f.kind === "person" ? [f.full, f.first, f.last] : [...f.columns, ...(f.kind === "date" ? [f.age, f.ageAt] : [])];
    for (const c of cols) {
      if (c !== undefined && !columns.has(c)) throw validationError(`fields.${f.name}: column "${c}" is not in the input`);
    }
  }
  const keys = availableBlockKeys(settings);
  for (const rule of [...settings.blocking, ...settings.rareBlocking, ...settings.trainingRules]) {
    for (const part of rule) {
      const base = part.split(":")[0]!;
      if (!keys.has(base)) throw validationError(`blocking: unknown block key "${part}" (known: ${[...keys].join(", ")})`);
      const t = part.split(":")[1];
      if (t !== undefined && !/^(first|last)\d+$/.test(t)) throw validationError(`blocking: unknown transform in "${part}"`);
    }
  }
  if (settings.linkType === "link_one_to_one") {
    const sources = new Set(records.map((r) => cellOf(r, settings.sourceColumn)));
    if (sources.size !== 2) throw validationError(`${settings.sourceColumn}: one-to-one linkage needs exactly two sources, found ${sources.size}`);
  }
  return ids;
}

/** Appends decided pairs that blocking missed and returns a label per pair (-1 undecided). */
function withDecisions(cands: CandidatePairs, ids: readonly string[], decisions: readonly ReviewDecision[]) {
  if (decisions.length === 0) {
    return { left: cands.left, right: cands.right, labels: new Int8Array(cands.count).fill(-1) };
  }
  const index = new Map(ids.map((id, k) => [id, k]));
  const key = (a: number, b: number) => Math.min(a, b) * ids.length + Math.max(a, b);
  // Decided pairs are few: look candidates up in them, not the other way round.
  const wanted = new Map<number, number>();
  for (const d of decisions) {
    const a = index.get(d.left);
    const b = index.get(d.right);
    if (a === undefined || b === undefined) throw validationError(`decisions: unknown record id in pair ${d.left}, ${d.right}`);
    if (a === b) throw validationError(`decisions: a record cannot be paired with itself (${d.left})`);
    wanted.set(key(a, b), d.decision === "match" ? 1 : 0);
  }
  const labels = new Int8Array(cands.count + wanted.size).fill(-1);
  const present = new Set<number>();
  for (let p = 0; p < cands.count; p++) {
    const v = wanted.get(key(cands.left[p]!, cands.right[p]!));
    if (v === undefined) continue;
    labels[p] = v;
    present.add(key(cands.left[p]!, cands.right[p]!));
  }
  const left = new Int32Array(cands.count + wanted.size - present.size);
  const right = new Int32Array(left.length);
  left.set(cands.left);
  right.set(cands.right);
  let n = cands.count;
  for (const [k, v] of wanted) {
    if (present.has(k)) continue;
    left[n] = Math.floor(k / ids.length);
    right[n] = k % ids.length;
    labels[n++] = v;
  }
  return { left, right, labels: labels.subarray(0, n) };
}

/** The pairs one training rule forces to agree, with their levels and any human labels. */
interface TrainingSet {
  readonly rule: readonly string[];
  readonly gammas: Int8Array[];
  readonly idx: Int32Array;
  readonly labels: Int8Array;
}

/** The training sets of the blocking rules: each rule's share of the candidate pairs. */
function blockingTrainingSets(
  rules: readonly (readonly string[])[],
  keys: readonly Int32Array[],
  pair: { left: Int32Array; right: Int32Array; labels: Int8Array },
  gammas: Int8Array[],
): TrainingSet[] {
  return rules.map((rule, r) => {
    const k = keys[r]!;
    const idx: number[] = [];
    for (let p = 0; p < pair.left.length; p++) {
      const a = k[pair.left[p]!]!;
      if (a >= 0 && a === k[pair.right[p]!]) idx.push(p);
    }
    return { rule, gammas, idx: Int32Array.from(idx), labels: pair.labels };
  });
}

/** The training sets of dedicated training rules: their own blocks, compared afresh. */
function ruleTrainingSets(
  prep: PreparedRecords,
  settings: LinkSettings,
  keys: readonly Int32Array[],
  ids: readonly string[],
  decisions: ReadonlyMap<number, number>,
): TrainingSet[] {
  return settings.trainingRules.map((rule, r) => {
    const pairs = blockPairsByIds([keys[r]!], prep.sources, {
      maxBlockSize: settings.maxBlockSize,
      crossSourceOnly: settings.linkType === "link_one_to_one",
    });
    const labels = new Int8Array(pairs.count).fill(-1);
    if (decisions.size > 0) {
      for (let p = 0; p < pairs.count; p++) labels[p] = decisions.get(pairs.left[p]! * ids.length + pairs.right[p]!) ?? -1;
    }
    const idx = Int32Array.from({ length: pairs.count }, (_, p) => p);
    return { rule, gammas: computeGammas(prep, pairs.left, pairs.right), idx, labels };
  });
}

/** How many record pairs the prior is over (see `priorOver` in settings.ts). */
function totalPairs(prep: PreparedRecords, settings: LinkSettings): number | undefined {
  if (settings.priorOver === "candidates") return undefined;
  if (settings.linkType === "dedupe") return (prep.size * (prep.size - 1)) / 2;
  const sizes = new Map<string, number>();
  for (const s of prep.sources) sizes.set(s, (sizes.get(s) ?? 0) + 1);
  const [a = 0, b = 0] = sizes.values();
  return a * b;
}

/** Smallest m of any level: no level is impossible for a true match (a clerk can get anything wrong). */
const M_FLOOR = 1e-3;

/** Trains m by EM on each training set, leaving out the fields its rule forces to agree, then averages. */
function trainM(
  prep: PreparedRecords,
  settings: LinkSettings,
  sets: readonly TrainingSet[],
  u: number[][],
  family: FamilyContext | undefined,
): number[][] {
  const sums = prep.comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const runs = prep.comparisons.map(() => 0);
  for (const set of sets) {
    if (set.idx.length < 10) continue;
    const bases = new Set(set.rule.map((part) => part.split(":")[0]!));
    const active = prep.comparisons.map((c) => !c.blockKeys.some((b) => bases.has(b)));
    const params: LevelParams[] = prep.comparisons.map((c, ci) => ({ m: initialM(c.levels.length), u: u[ci]! }));
    // EM sees pairs only through their levels: distinct patterns with counts stand in for all of them.
    const pat = compressPatterns(set.gammas, set.idx, set.labels);
    const res = runEm(pat.gammas, Int32Array.from(pat.counts.keys()), params, active, {
      iterations: settings.emIterations,
      prior: 0.3,
      labels: pat.labels,
      weights: pat.counts,
      ...(family ? { family } : {}),
    });
    res.m.forEach((m, c) => {
      if (!active[c]) return;
      m.forEach((x, l) => (sums[c]![l]! += x));
      runs[c]!++;
    });
  }
  return sums.map((s, c) => {
    const m = runs[c]! > 0 ? s.map((x) => Math.max(M_FLOOR, x / runs[c]!)) : initialM(s.length);
    const total = m.reduce((a, b) => a + b, 0);
    return m.map((x) => x / total);
  });
}

/**
 * Links records: returns a cluster per record, the scored pairs and the trained model.
 * @throws SabtError("validation_failed") on empty input, missing or duplicate ids, unknown columns.
 */
export function linkRecords(
  records: readonly Record<string, string>[],
  settings: LinkSettings,
  opts: LinkOptions = {},
): LinkResult {
  const ids = checkInput(records, settings);
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => {
    timings[name] = (performance.now() - since) / 1000;
    opts.onStage?.(name, timings[name]);
  };
  const prep = prepareRecords(records, settings);
  lap("prepare", t0);
  const t1 = performance.now();
  const oneToOne = settings.linkType === "link_one_to_one";
  const rules = [...settings.blocking, ...settings.rareBlocking];
  // One call for blocking and training rules, so that the parts they share are interned once.
  const allKeys = ruleKeyIds(prep.blockKeys, [...rules, ...settings.trainingRules], prep.size);
  const keys = allKeys.slice(0, rules.length);
  const caps = rules.map((_, r) => (r < settings.blocking.length ? settings.maxBlockSize : settings.rareBlockSize));
  const candidates = blockPairsByIds(keys, prep.sources, { maxBlockSize: caps, crossSourceOnly: oneToOne });
  const pair = withDecisions(candidates, ids, opts.decisions ?? []);
  lap("block", t1);
  const t2 = performance.now();
  const gammas = computeGammas(prep, pair.left, pair.right);
  lap("compare", t2);
  const t3 = performance.now();
  const u = estimateU(prep, createRng(settings.seed), settings.uSamplePairs, oneToOne);
  lap("u", t3);
  const all = new Int32Array(pair.left.length);
  for (let p = 0; p < all.length; p++) all[p] = p;
  const sample = samplePairIndices(all, settings.emMaxPairs, createRng(settings.seed + 2));
  const cu = settings.uFromCandidates ? candidateU(prep, gammas, sample, u) : { u };
  const decided = new Map<number, number>();
  for (let p = 0; p < pair.labels.length; p++) {
    const l = pair.labels[p]!;
    if (l >= 0) decided.set(pair.left[p]! * ids.length + pair.right[p]!, l);
  }
  const sets =
    settings.trainingRules.length > 0
      ? ruleTrainingSets(prep, settings, allKeys.slice(rules.length), ids, decided)
      : blockingTrainingSets(rules, keys, pair, gammas);
  const m = trainM(prep, settings, sets, cu.u, cu.family);
  const draft: Model = {
    names: prep.comparisons.map((c) => c.name),
    levels: prep.comparisons.map((c) => c.levels),
    params: m.map((mc, c) => ({ m: mc, u: cu.u[c]! })),
    tf: prep.comparisons.map((c) => (c.tfValues ? termFrequencies(c.tfValues) : undefined)),
    prior: 0.5,
    ...(cu.family ? { family: cu.family } : {}),
  };
  const evidence = pairEvidence(draft, prep, gammas, pair.left);
  const model: Model = { ...draft, prior: estimatePriorFromEvidence(evidence, pair.labels, totalPairs(prep, settings)) };
  lap("train", t3);
  const t4 = performance.now();
  const probability = toProbabilities(evidence, model.prior);
  for (let p = 0; p < pair.labels.length; p++) if (pair.labels[p]! >= 0) probability[p] = pair.labels[p]!;
  const scored = { left: pair.left, right: pair.right, probability };
  const constraints: { mustLink: (readonly [number, number])[]; cannotLink: (readonly [number, number])[] } = { mustLink: [], cannotLink: [] };
  for (let p = 0; p < pair.labels.length; p++) {
    if (pair.labels[p] === 1) constraints.mustLink.push([pair.left[p]!, pair.right[p]!]);
    else if (pair.labels[p] === 0) constraints.cannotLink.push([pair.left[p]!, pair.right[p]!]);
  }
  const clusterIdx = oneToOne
    ? assignOneToOne(prep.size, scored, settings.threshold)
    : clusterPairs(prep.size, scored, settings.threshold, constraints);
  lap("cluster", t4);
  const clusters = Array.from(clusterIdx, (c) => `c${c}`);
  return { ids, clusters, pairs: scored, model, prepared: prep, candidates, timings };
}
