/**
 * Estimating how many victims no list recorded, from the current clusters: each linked person's
 * capture history is the set of lists that recorded them. Optionally stratified by prison or
 * city (each stratum estimated alone, then added up). Results, with the posterior plot, are
 * stored; an editor may publish one with a label in both languages, and only then does it reach
 * the public projection (`public_estimate`).
 */
import { recordAudit } from "../audit/index.ts";
import type { Db, Trx } from "../db/index.ts";
import {
  captureTableFromMemberships,
  combineStrata,
  estimateLoglinear,
  posteriorSvg,
  type CaptureTable,
  type EstimateSummary,
  type LcmcrResult,
  type LoglinearResult,
} from "../estimation/index.ts";
import { notFound, SabtError, validationError } from "../shared/errors.ts";
import { newId } from "../shared/slug.ts";
import { parseInput } from "../shared/validate.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { findEstimateRun, findEstimateRuns, insertEstimateRun, updateEstimatePublication } from "./estimate.repository.ts";
import { findAllMembers, findLatestLinkRun, findListLabels, findMemberColumn } from "./linkage.repository.ts";
import { authorizeLists } from "./lists.policy.ts";
import { EstimateOptionsSchema, PublishSchema, type EstimateOptionsInput, type PublishInput } from "./lists.schema.ts";
import type { EstimateRunRow } from "../db/index.ts";
import { estimateLcmcrInThreads } from "./lcmcr-runner.ts";
import { strataOf } from "./strata.ts";

type Result = LcmcrResult | LoglinearResult;

/** A stored estimate as the workspace shows it (the plot is fetched separately). */
export type EstimateView = Omit<EstimateRunRow, "svg">;
/** A stored estimate in a list of runs (no result document). */
export type EstimateListItem = Omit<EstimateRunRow, "svg" | "result" | "options">;

/** The stored result document: summary, lists, strata and diagnostics (draws are not kept). */
export interface EstimateResultJson {
  method: "lcmcr" | "loglinear";
  observed: number;
  records: number;
  estimate: { mean: number; median: number; lower: number; upper: number | null };
  level: number;
  lists: { id: string; label: string; observed: number }[];
  strata?: { key: string; label: string; observed: number; estimate: { median: number; lower: number; upper: number | null }; warnings: string[] }[];
  combination?: string;
  diagnostics?: unknown;
  warnings: string[];
  seconds: number;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);
const summary = (e: EstimateSummary) => ({ mean: e.mean, median: e.median, lower: e.lower, upper: finite(e.upper) });

/**
 * Runs an estimate on the current clusters and stores it (unpublished).
 * @param onProgress LCMCR sweeps done and total, over all strata and chains
 * @param control the id to store the run under (a job's), and a signal that stops it before it is stored
 * @throws SabtError forbidden, validation_failed (no linkage yet, fewer than two lists, bad options)
 * @example await runEstimate(db, viewer, { method: "lcmcr", seed: 7, iterations: 500, burnin: 500, thinning: 5 })
 */
export async function runEstimate(
  db: Db,
  viewer: Viewer,
  input: EstimateOptionsInput = {},
  onProgress?: (done: number, total: number) => void,
  control: { runId?: string; signal?: AbortSignal } = {},
): Promise<EstimateView> {
  authorizeLists(viewer, "estimate");
  const opts = parseInput(EstimateOptionsSchema, input);
  const run = await findLatestLinkRun(db);
  if (!run) throw validationError("linkage: link the lists before estimating");
  const members = await findAllMembers(db);
  const clusters = new Map<string, Set<string>>();
  for (const m of members) (clusters.get(m.cluster_id) ?? clusters.set(m.cluster_id, new Set()).get(m.cluster_id)!).add(m.list_id);
  const seen = new Set(members.map((m) => m.list_id));
  const lists = run.list_ids.filter((id) => seen.has(id));
  if (lists.length < 2) throw validationError("lists: estimation needs at least two linked lists");
  const labels = new Map((await findListLabels(db, lists)).map((l) => [l.id, l.label]));

  // One table per stratum (or one for all).
  const groups = new Map<string, { label: string; people: Set<string>[] }>();
  if (opts.strata) {
    const assigned = strataOf(members, await findMemberColumn(db, opts.strata));
    for (const [cluster, lists] of clusters) {
      const s = assigned.get(cluster)!;
      (groups.get(s.key) ?? groups.set(s.key, { label: s.label, people: [] }).get(s.key)!).people.push(lists);
    }
  } else {
    groups.set("all", { label: "all", people: [...clusters.values()] });
  }
  const tables = [...groups].map(([key, g]) => ({ key, label: g.label, table: captureTableFromMemberships(lists, g.people) }));

  const perStratumSweeps = opts.burnin + opts.iterations * opts.thinning;
  const totalSweeps = perStratumSweeps * opts.chains * tables.length;
  const estimateOne = async (table: CaptureTable, i: number): Promise<Result> => {
    if (opts.method === "loglinear") return estimateLoglinear(table, { model: opts.model, level: opts.level });
    // In worker threads, chains in parallel: a long LCMCR run started from the workspace must not
    // stall every other request, and a cancelled job stops its chains at once.
    return estimateLcmcrInThreads(table, {
      K: opts.k,
      burnin: opts.burnin,
      thinning: opts.thinning,
      samples: opts.iterations,
      seed: opts.seed,
      chains: opts.chains,
      // Disjoint random streams per stratum, as `sabt mse --stratum` does.
      firstStream: i * opts.chains,
      level: opts.level,
      ...(onProgress ? { onProgress: (done: number) => onProgress(i * perStratumSweeps * opts.chains + done, totalSweeps) } : {}),
    }, control.signal ? { signal: control.signal } : {});
  };
  const results: (typeof tables[number] & { result: Result })[] = [];
  for (const [i, t] of tables.entries()) results.push({ ...t, result: await estimateOne(t.table, i) });

  let estimate: EstimateSummary;
  let draws: ArrayLike<number> | undefined;
  let curve: { n: number; logLik: number }[] | undefined;
  let combination: string | undefined;
  const only = results.length === 1 ? results[0]!.result : undefined;
  if (only) {
    estimate = only.estimate;
    if ("draws" in only) draws = only.draws.flatMap((d) => [...d]);
    else curve = [...only.profile.curve];
  } else {
    const total = combineStrata(new Map(results.map((r) => [r.key, r.result])), opts.level);
    estimate = total.estimate;
    draws = total.draws;
    combination = total.combination;
  }
  const observed = clusters.size;
  const warnings = results.flatMap((r) => r.result.diagnostics.warnings.map((w) => (results.length > 1 ? `[${r.label}] ${w}` : w)));
  const result: EstimateResultJson = {
    method: opts.method,
    observed,
    records: members.length,
    estimate: summary(estimate),
    level: opts.level,
    lists: lists.map((id) => ({ id, label: labels.get(id) ?? id, observed: [...clusters.values()].filter((s) => s.has(id)).length })),
    ...(only
      ? { diagnostics: only.diagnostics }
      : {
          combination,
          strata: results.map((r) => ({ key: r.key, label: r.label, observed: r.result.observed, estimate: summary(r.result.estimate), warnings: [...r.result.diagnostics.warnings] })),
        }),
    warnings,
    seconds: results.reduce((s, r) => s + r.result.seconds, 0),
  };
  const title = `${opts.method === "lcmcr" ? "LCMCR posterior" : "Log-linear profile likelihood"} of the total${opts.strata ? ` (by ${opts.strata})` : ""}`;
  const svg = posteriorSvg({ estimate, observed, title, level: opts.level, ...(draws ? { draws } : {}), ...(curve ? { curve } : {}) });
  // A job's run takes the job's id, so that an attempt after a crash finds it instead of adding one.
  const id = control.runId ?? newId();
  // A cancelled job stores nothing.
  control.signal?.throwIfAborted();
  const { strata, ...options } = opts;
  await db.transaction().execute(async (trx) => {
    await insertEstimateRun(trx, {
      id,
      link_run_id: run.id,
      method: opts.method,
      options: JSON.stringify(options),
      seed: opts.seed,
      strata: strata ?? null,
      list_ids: JSON.stringify(lists),
      observed,
      records: members.length,
      median: estimate.median,
      lower: estimate.lower,
      upper: finite(estimate.upper),
      level: opts.level,
      result: JSON.stringify(result),
      svg,
      actor: actorName(viewer),
    });
    await recordAudit(trx, viewer, {
      action: "estimate.run",
      objectType: "estimate_run",
      objectId: id,
      details: { method: opts.method, seed: opts.seed, strata: strata ?? null, observed, linkRun: run.id },
    });
  });
  return getEstimate(db, viewer, id);
}

/** Recent estimates, newest first (without full results). */
export async function listEstimates(db: Db, viewer: Viewer, limit = 50): Promise<EstimateListItem[]> {
  authorizeLists(viewer, "read");
  return findEstimateRuns(db, limit);
}

/** One estimate with its result document. */
export async function getEstimate(db: Db, viewer: Viewer, id: string): Promise<EstimateView> {
  authorizeLists(viewer, "read");
  const row = await findEstimateRun(db, id);
  if (!row) throw notFound("estimate");
  const { svg: _svg, ...view } = row;
  return view;
}

/** The posterior plot of an estimate, an SVG document made by `posteriorSvg` (no script, text escaped). */
export async function getEstimatePlot(db: Db, viewer: Viewer, id: string): Promise<string> {
  authorizeLists(viewer, "read");
  const row = await findEstimateRun(db, id);
  if (!row) throw notFound("estimate");
  return row.svg;
}

/**
 * Publishes an estimate on the public statistics page with a label in Persian and English.
 * A member's publication is a request until a second member approves it (see below).
 * @throws SabtError forbidden (admins and editors only), not_found, validation_failed (labels), four_eyes
 */
export async function publishEstimate(trx: Trx, viewer: Viewer, id: string, input: PublishInput): Promise<"published" | "pending"> {
  authorizeLists(viewer, "publish");
  const req = parseInput(PublishSchema, input);
  const row = await findEstimateRun(trx, id);
  if (!row) throw notFound("estimate");
  const me = actorName(viewer);
  // Four eyes: a member's publication waits for a second member, who publishes the same labels by
  // the same act (a request is an unpublished run with its labels and `published_by` set). Changed
  // labels are a new request, by whoever changed them; the operator (CLI) publishes at once.
  const requested = !row.published && row.published_by !== null;
  const sameLabels = row.label_fa === req.labelFa && row.label_en === req.labelEn;
  if (viewer.kind === "user" && !(requested && sameLabels)) {
    await updateEstimatePublication(trx, id, { published: false, label_fa: req.labelFa, label_en: req.labelEn, published_at: null, published_by: me });
    await recordAudit(trx, viewer, { action: "estimate.publish_request", objectType: "estimate_run", objectId: id, details: { labelFa: req.labelFa, labelEn: req.labelEn } });
    return "pending";
  }
  if (viewer.kind === "user" && row.published_by === me) {
    throw new SabtError("four_eyes", "You asked for this publication: another member must approve it");
  }
  const author = requested ? row.published_by : me;
  await updateEstimatePublication(trx, id, { published: true, label_fa: req.labelFa, label_en: req.labelEn, published_at: new Date(), published_by: author });
  await recordAudit(trx, viewer, { action: "estimate.publish", objectType: "estimate_run", objectId: id, details: { labelFa: req.labelFa, labelEn: req.labelEn, ...(requested ? { requestedBy: author } : {}) } });
  return "published";
}

/** Withdraws an estimate from the public statistics page (it stays in the workspace). */
export async function unpublishEstimate(trx: Trx, viewer: Viewer, id: string): Promise<void> {
  authorizeLists(viewer, "publish");
  const row = await findEstimateRun(trx, id);
  if (!row) throw notFound("estimate");
  await updateEstimatePublication(trx, id, { published: false, label_fa: row.label_fa, label_en: row.label_en, published_at: null, published_by: null });
  await recordAudit(trx, viewer, { action: "estimate.unpublish", objectType: "estimate_run", objectId: id, details: {} });
}
