/**
 * The linkage pipeline over in-memory records: prepare, block, estimate u and m, score, cluster.
 * Pure and deterministic for a given seed; the CLI and the app do the reading and writing.
 */
import { validationError } from "../shared/errors.ts";
import type { CandidatePairs } from "./blocking.ts";
import { blockPairs, ruleKeys } from "./blocking.ts";
import { assignOneToOne, clusterPairs } from "./cluster.ts";
import type { PreparedRecords } from "./comparison.ts";
import type { LevelParams } from "./em.ts";
import { computeGammas, estimateU, initialM, runEm, samplePairIndices } from "./em.ts";
import type { FamilyContext } from "./context.ts";
import { candidateU } from "./context.ts";
import type { Model } from "./model.ts";
import { estimatePriorFromEvidence, pairEvidence, termFrequencies, toProbabilities } from "./model.ts";
import { availableBlockKeys, prepareRecords } from "./prepare.ts";
import { createRng } from "./random.ts";
import type { LinkSettings } from "./settings.ts";

/** A reviewer's decision on one pair of record ids; it overrides the model and trains it. */
export interface ReviewDecision {
  readonly left: string;
  readonly right: string;
  readonly decision: "match" | "non-match";
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
    const id = (r[settings.idColumn] ?? "").trim();
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
  for (const rule of settings.blocking) {
    for (const part of rule) {
      const base = part.split(":")[0]!;
      if (!keys.has(base)) throw validationError(`blocking: unknown block key "${part}" (known: ${[...keys].join(", ")})`);
      const t = part.split(":")[1];
      if (t !== undefined && !/^(first|last)\d+$/.test(t)) throw validationError(`blocking: unknown transform in "${part}"`);
    }
  }
  if (settings.linkType === "link_one_to_one") {
    const sources = new Set(records.map((r) => r[settings.sourceColumn] ?? ""));
    if (sources.size !== 2) throw validationError(`${settings.sourceColumn}: one-to-one linkage needs exactly two sources, found ${sources.size}`);
  }
  return ids;
}

/** Appends decided pairs that blocking missed and returns a label per pair (-1 undecided). */
function withDecisions(cands: CandidatePairs, ids: readonly string[], decisions: readonly ReviewDecision[]) {
  const index = new Map(ids.map((id, k) => [id, k]));
  const key = (a: number, b: number) => Math.min(a, b) * ids.length + Math.max(a, b);
  const wanted = new Map<number, number>();
  for (const d of decisions) {
    const a = index.get(d.left);
    const b = index.get(d.right);
    if (a === undefined || b === undefined) throw validationError(`decisions: unknown record id in pair ${d.left}, ${d.right}`);
    if (a === b) throw validationError(`decisions: a record cannot be paired with itself (${d.left})`);
    wanted.set(key(a, b), d.decision === "match" ? 1 : 0);
  }
  const left = Array.from(cands.left);
  const right = Array.from(cands.right);
  const labels: number[] = left.map((a, p) => wanted.get(key(a, right[p]!)) ?? -1);
  const present = new Set(left.map((a, p) => key(a, right[p]!)));
  for (const [k, v] of wanted) {
    if (present.has(k)) continue;
    left.push(Math.floor(k / ids.length));
    right.push(k % ids.length);
    labels.push(v);
  }
  return { left: Int32Array.from(left), right: Int32Array.from(right), labels: Int8Array.from(labels) };
}

/** Trains m per blocking rule on the pairs that rule forces to agree, then averages. */
function trainM(
  prep: PreparedRecords,
  settings: LinkSettings,
  keys: string[][],
  pair: { left: Int32Array; right: Int32Array; labels: Int8Array },
  gammas: Int8Array[],
  u: number[][],
  family: FamilyContext | undefined,
): number[][] {
  const rng = createRng(settings.seed + 1);
  const sums = prep.comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  const runs = prep.comparisons.map(() => 0);
  settings.blocking.forEach((rule, r) => {
    const k = keys[r]!;
    const idx: number[] = [];
    for (let p = 0; p < pair.left.length; p++) {
      const a = k[pair.left[p]!]!;
      if (a !== "" && a === k[pair.right[p]!]) idx.push(p);
    }
    if (idx.length < 10) return;
    const bases = new Set(rule.map((part) => part.split(":")[0]!));
    const active = prep.comparisons.map((c) => !c.blockKeys.some((b) => bases.has(b)));
    const params: LevelParams[] = prep.comparisons.map((c, ci) => ({ m: initialM(c.levels.length), u: u[ci]! }));
    const sample = samplePairIndices(Int32Array.from(idx), settings.emMaxPairs, rng);
    const res = runEm(gammas, sample, params, active, {
      iterations: settings.emIterations,
      prior: 0.3,
      labels: pair.labels,
      ...(family ? { family } : {}),
    });
    res.m.forEach((m, c) => {
      if (!active[c]) return;
      m.forEach((x, l) => (sums[c]![l]! += x));
      runs[c]!++;
    });
  });
  return sums.map((s, c) => (runs[c]! > 0 ? s.map((x) => x / runs[c]!) : initialM(s.length)));
}

/**
 * Links records: returns a cluster per record, the scored pairs and the trained model.
 * @throws SabtError("validation_failed") on empty input, missing or duplicate ids, unknown columns.
 */
export function linkRecords(
  records: readonly Record<string, string>[],
  settings: LinkSettings,
  opts: { decisions?: readonly ReviewDecision[] } = {},
): LinkResult {
  const ids = checkInput(records, settings);
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = (performance.now() - since) / 1000);
  const prep = prepareRecords(records, settings);
  lap("prepare", t0);
  const t1 = performance.now();
  const oneToOne = settings.linkType === "link_one_to_one";
  const keys = ruleKeys(prep.blockKeys, settings.blocking, prep.size);
  const candidates = blockPairs(keys, prep.sources, { maxBlockSize: settings.maxBlockSize, crossSourceOnly: oneToOne });
  const pair = withDecisions(candidates, ids, opts.decisions ?? []);
  lap("block", t1);
  const t2 = performance.now();
  const gammas = computeGammas(prep, pair.left, pair.right);
  lap("compare", t2);
  const t3 = performance.now();
  const u = estimateU(prep, createRng(settings.seed), settings.uSamplePairs, oneToOne);
  lap("u", t3);
  const all = Int32Array.from({ length: pair.left.length }, (_, p) => p);
  const sample = samplePairIndices(all, settings.emMaxPairs, createRng(settings.seed + 2));
  const cu = settings.uFromCandidates ? candidateU(prep, gammas, sample, u) : { u };
  const m = trainM(prep, settings, keys, pair, gammas, cu.u, cu.family);
  const draft: Model = {
    names: prep.comparisons.map((c) => c.name),
    levels: prep.comparisons.map((c) => c.levels),
    params: m.map((mc, c) => ({ m: mc, u: cu.u[c]! })),
    tf: prep.comparisons.map((c) => (c.tfValues ? termFrequencies(c.tfValues) : undefined)),
    prior: 0.5,
    ...(cu.family ? { family: cu.family } : {}),
  };
  const evidence = pairEvidence(draft, prep, gammas, pair.left);
  const model: Model = { ...draft, prior: estimatePriorFromEvidence(evidence, pair.labels) };
  lap("train", t3);
  const t4 = performance.now();
  const probability = toProbabilities(evidence, model.prior);
  pair.labels.forEach((l, p) => {
    if (l >= 0) probability[p] = l;
  });
  const scored = { left: pair.left, right: pair.right, probability };
  const constraints = {
    mustLink: [...pair.labels.keys()].filter((p) => pair.labels[p] === 1).map((p) => [pair.left[p]!, pair.right[p]!] as const),
    cannotLink: [...pair.labels.keys()].filter((p) => pair.labels[p] === 0).map((p) => [pair.left[p]!, pair.right[p]!] as const),
  };
  const clusterIdx = oneToOne
    ? assignOneToOne(prep.size, scored, settings.threshold)
    : clusterPairs(prep.size, scored, settings.threshold, constraints);
  lap("cluster", t4);
  const clusters = Array.from(clusterIdx, (c) => `c${c}`);
  return { ids, clusters, pairs: scored, model, prepared: prep, candidates, timings };
}
