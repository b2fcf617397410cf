/**
 * Linking the victim lists stored in the database: rebuild each list row from its imported
 * claims, run the pure linker with every stored reviewer decision applied (decisions override
 * the model and constrain the clustering), then store the clusters and the uncertain pairs as
 * the review queue. A job, like an import: it opens its own short transactions, so the slow part
 * (the linker) holds no lock on the embedded database.
 */
import { recordAudit } from "../audit/index.ts";
import { refreshPlannerStatistics, type Db } from "../db/index.ts";
import { victimListSettings, type LinkSettings, type ReviewDecision } from "../linkage/index.ts";
import { SabtError, validationError } from "../shared/errors.ts";
import { newId } from "../shared/slug.ts";
import { parseInput } from "../shared/validate.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { keyString, pairString, parseKeyString, type RecordKey } from "./keys.ts";
import { runLink } from "./link-runner.ts";
import {
  findListsWithRecords,
  findListValues,
  findRecordKeys,
  insertLinkPairs,
  insertLinkRun,
  lockLinkage,
  replaceMembers,
} from "./linkage.repository.ts";
import { authorizeLists } from "./lists.policy.ts";
import { syncPersonMerges } from "./merge.repository.ts";
import { LinkOptionsSchema, type LinkOptionsInput } from "./lists.schema.ts";
import type { NewLinkPairRow } from "../db/index.ts";
import { toLinkageRecords } from "./records.ts";
import { findCurrentDecisions, findDecisionMark } from "./review.repository.ts";

/** Stages of a run, for progress reports. */
export type LinkStage = "reading" | "linking" | "queueing" | "writing";

/** What a linkage run did. */
export interface LinkRunSummary {
  readonly runId: string;
  readonly lists: readonly { readonly id: string; readonly label: string; readonly records: number }[];
  readonly records: number;
  /** Distinct people after linkage (clusters). */
  readonly clusters: number;
  /** Clusters with records from more than one row. */
  readonly linked: number;
  readonly pairs: number;
  readonly queued: number;
  /** Reviewer decisions applied. */
  readonly decisions: number;
  readonly seconds: number;
}

/**
 * Links the lists in the database and replaces the current clusters and review queue.
 * @param opts lists to link (default all with records), linker settings, review band
 * @param onProgress called with the stage and, where known, done/total
 * @param control `runId` names the stored run (a job passes its own id, so that a re-run after a
 *   crash can tell that the run was stored already); an aborted `signal` stops the run before it
 *   writes anything
 * @returns the run's counts
 * @throws SabtError forbidden (not a reviewer), validation_failed (bad options, unknown list, no
 *   records), conflict (a decision was made while the run was computing: run again)
 * @example await linkLists(db, viewer, { bandLow: 0.2, bandHigh: 0.9 })
 */
export async function linkLists(
  db: Db,
  viewer: Viewer,
  input: LinkOptionsInput = {},
  onProgress?: (stage: LinkStage, done?: number, total?: number) => void,
  control: { runId?: string; signal?: AbortSignal } = {},
): Promise<LinkRunSummary> {
  authorizeLists(viewer, "review");
  const opts = parseInput(LinkOptionsSchema, input);
  const started = new Date();
  const t0 = performance.now();
  onProgress?.("reading");
  const available = await findListsWithRecords(db);
  const lists = opts.listIds ? opts.listIds.map((id) => available.find((l) => l.id === id || l.label === id)) : available;
  const missing = opts.listIds?.find((_, i) => lists[i] === undefined);
  if (missing !== undefined) throw validationError(`listIds: no list with records named or numbered "${missing}"`);
  const chosen = [...new Map(lists.map((l) => [l!.id, l!])).values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (chosen.length === 0) throw validationError("listIds: there are no list records to link; import a list first");
  const listIds = chosen.map((l) => l.id);
  // Lists in label order, so that the same lists give the same input order (and result) in any
  // database, whatever ids their entities received.
  const order = new Map(listIds.map((id, i) => [id, i]));
  const keys = (await findRecordKeys(db, listIds)).sort((a, b) => order.get(a.list)! - order.get(b.list)! || (a.record < b.record ? -1 : a.record > b.record ? 1 : 0));
  const values = await findListValues(db, listIds);
  const mark = await findDecisionMark(db);
  const stored = await findCurrentDecisions(db);
  const records = toLinkageRecords(keys, values);

  // Decisions about records outside these lists (or deleted ones) wait for a run that has them.
  const known = new Set(records.map((r) => r.record_id!));
  const decisions: ReviewDecision[] = [];
  const decided = new Set<string>();
  for (const d of stored) {
    const l = { list: d.left_list_id, record: d.left_record_id };
    const r = { list: d.right_list_id, record: d.right_record_id };
    if (!known.has(keyString(l)) || !known.has(keyString(r)) || d.decision === "cleared") continue;
    decisions.push({ left: keyString(l), right: keyString(r), decision: d.decision });
    decided.add(pairString(l, r));
  }

  onProgress?.("linking", 0, records.length);
  // Without explicit settings, clusters follow the model's own threshold (its best guess, which
  // the estimate needs before anyone has reviewed), and the pairs it is unsure of either way
  // (the review band) are queued for people to decide; their decisions then override it.
  const settings: LinkSettings = opts.settings ?? victimListSettings();
  const out = await runLink({
    records,
    keys,
    settings,
    decisions,
    decided: [...decided],
    bandLow: opts.bandLow,
    bandHigh: opts.bandHigh,
    maxQueue: opts.maxQueue,
  });
  onProgress?.("linking", records.length, records.length);

  control.signal?.throwIfAborted();
  onProgress?.("queueing");
  const runId = control.runId ?? newId();
  const pairRows: NewLinkPairRow[] = out.queued.map((q) => ({
    run_id: runId,
    left_list_id: q.left.list,
    left_record_id: q.left.record,
    right_list_id: q.right.list,
    right_record_id: q.right.record,
    probability: q.probability,
    explanation: JSON.stringify(q.explanation),
  }));

  onProgress?.("writing", 0, keys.length);
  const seconds = (performance.now() - t0) / 1000;
  control.signal?.throwIfAborted();
  await db.transaction().execute(async (trx) => {
    await lockLinkage(trx);
    // A decision made while the linker ran is not in this result: storing it would silently
    // undo that decision's effect on the clusters.
    if ((await findDecisionMark(trx)) !== mark) {
      throw new SabtError("conflict", "A reviewer decided a pair while linkage was running. Run linkage again.");
    }
    await insertLinkRun(trx, {
      id: runId,
      list_ids: JSON.stringify(listIds),
      settings: JSON.stringify(settings),
      band_low: opts.bandLow,
      band_high: opts.bandHigh,
      records: keys.length,
      clusters: out.clusters,
      pairs: out.pairs,
      queued: pairRows.length,
      decisions: decisions.length,
      seconds,
      actor: actorName(viewer),
      started_at: started,
    });
    await insertLinkPairs(trx, pairRows);
    await replaceMembers(
      trx,
      keys.map((k, i) => ({ list_id: k.list, record_id: k.record, cluster_id: out.clusterOf[i]!, run_id: runId })),
    );
    await syncPersonMerges(trx);
    await recordAudit(trx, viewer, {
      action: "linkage.run",
      objectType: "link_run",
      objectId: runId,
      details: { lists: listIds, records: keys.length, clusters: out.clusters, queued: pairRows.length, decisions: decisions.length },
    });
  });
  // Every record's cluster and the merges changed: without fresh statistics (PGlite has no
  // autovacuum) the planner keeps its old picture of the folding views and public pages slow down.
  await refreshPlannerStatistics(db);
  onProgress?.("writing", keys.length, keys.length);
  return {
    runId,
    lists: chosen.map((l) => ({ id: l.id, label: l.label, records: l.records })),
    records: keys.length,
    clusters: out.clusters,
    linked: out.linked,
    pairs: out.pairs,
    queued: pairRows.length,
    decisions: decisions.length,
    seconds,
  };
}

/** Parses a record key typed by a person ("<list id>:<record id>"). */
export function recordKeyFrom(text: string): RecordKey {
  const k = parseKeyString(text.trim());
  if (!k) throw validationError(`record: "${text.slice(0, 80)}" is not a record key (list id, a colon, the record id)`);
  return k;
}
