/**
 * What reviewers see: the latest run, the queue of uncertain pairs with both records side by side
 * and each field's weight, clusters with their members and history. Record values are filtered
 * by the viewer's readable visibilities here, in the service, never in the page.
 */
import type { Db } from "../db/index.ts";
import { notFound } from "../shared/errors.ts";
import { readableVisibilities, type Viewer, type Visibility } from "../shared/viewer.ts";
import { keyString, type RecordKey } from "./keys.ts";
import {
  countMembers,
  findClusterMembers,
  findLatestLinkRun,
  findLinkedClusters,
  findListLabels,
  findListsWithRecords,
  findMembers,
  findPendingPairs,
  findRecordValues,
} from "./linkage.repository.ts";
import { authorizeLists } from "./lists.policy.ts";
import type { ExplanationJson, LinkEventRow, LinkRunRow, MemberChangeJson } from "../db/index.ts";
import { parseListOrigin } from "../shared/victim-list.ts";
import { findLinkEvents, findRevertedIds } from "./review.repository.ts";


/** One list row as a reviewer may see it. */
export interface RecordView {
  readonly key: RecordKey;
  readonly listLabel: string;
  readonly personId: string | undefined;
  readonly cluster: string | undefined;
  /** Values in the list's column order, only those the viewer may read. */
  readonly values: readonly { readonly column: string; readonly text: string; readonly visibility: Visibility }[];
}

/** A pair waiting for a decision. */
export interface QueuedPair {
  readonly left: RecordView;
  readonly right: RecordView;
  readonly probability: number;
  readonly explanation: ExplanationJson;
}

/** A review event as shown in history. */
export interface EventView {
  readonly id: string;
  readonly kind: LinkEventRow["kind"];
  readonly actor: string;
  readonly note: string | null;
  readonly createdAt: Date;
  readonly clusters: readonly string[];
  readonly moves: readonly MemberChangeJson[];
  readonly reverts: string | null;
  readonly reverted: boolean;
}

/** The linkage page's summary: lists, the latest run and the current counts. */
export interface LinkageOverview {
  readonly lists: readonly { readonly id: string; readonly label: string; readonly records: number }[];
  readonly run: LinkRunRow | undefined;
  readonly members: { readonly records: number; readonly clusters: number; readonly multi: number };
}

const COLUMN_ORDER = ["full_name", "first_name", "last_name", "father_name", "gender", "birth", "age", "death_date", "death_place", "city", "prison", "notes"];
const rank = (c: string) => (COLUMN_ORDER.indexOf(c) + 1 || COLUMN_ORDER.length + 1);

/** Loads list rows for display, keyed by `keyString`, with the viewer's visibility filter applied. */
export async function loadRecordViews(db: Db, viewer: Viewer, keys: readonly RecordKey[]): Promise<Map<string, RecordView>> {
  const readable = readableVisibilities(viewer);
  const labels = new Map((await findListLabels(db, keys.map((k) => k.list))).map((l) => [l.id, l]));
  const values = await findRecordValues(db, keys, readable);
  const members = new Map((await findMembers(db, keys)).map((m) => [keyString({ list: m.list_id, record: m.record_id }), m.cluster_id]));
  const byKey = new Map<string, { column: string; text: string; visibility: Visibility }[]>();
  const persons = new Map<string, string>();
  for (const v of values) {
    const o = parseListOrigin(v.origin);
    if (!o) continue;
    const k = keyString(o);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push({ column: o.column, text: v.value_text, visibility: v.visibility as Visibility });
    persons.set(k, v.person_id);
  }
  const out = new Map<string, RecordView>();
  for (const key of keys) {
    const k = keyString(key);
    const list = labels.get(key.list);
    out.set(k, {
      key,
      // A list the viewer may not read is named by nothing more than its id.
      listLabel: list && readable.includes(list.visibility as Visibility) ? list.label : key.list.slice(0, 8),
      personId: persons.get(k),
      cluster: members.get(k),
      values: (byKey.get(k) ?? []).sort((a, b) => rank(a.column) - rank(b.column)),
    });
  }
  return out;
}

/** The summary for the linkage page. */
export async function getLinkageOverview(db: Db, viewer: Viewer): Promise<LinkageOverview> {
  authorizeLists(viewer, "read");
  const readable = readableVisibilities(viewer);
  const lists = (await findListsWithRecords(db)).filter((l) => readable.includes(l.visibility as Visibility));
  return { lists, run: await findLatestLinkRun(db), members: await countMembers(db) };
}

/** One page of the latest run's review queue, the most uncertain pairs first. */
export async function getReviewQueue(db: Db, viewer: Viewer, opts: { limit: number; offset: number }): Promise<{ run: LinkRunRow | undefined; total: number; pairs: QueuedPair[] }> {
  authorizeLists(viewer, "read");
  const run = await findLatestLinkRun(db);
  if (!run) return { run, total: 0, pairs: [] };
  const { rows, total } = await findPendingPairs(db, run.id, opts);
  const keys = rows.flatMap((p) => [
    { list: p.left_list_id, record: p.left_record_id },
    { list: p.right_list_id, record: p.right_record_id },
  ]);
  const views = await loadRecordViews(db, viewer, keys);
  const pairs = rows.map((p) => ({
    left: views.get(keyString({ list: p.left_list_id, record: p.left_record_id }))!,
    right: views.get(keyString({ list: p.right_list_id, record: p.right_record_id }))!,
    probability: p.probability,
    explanation: p.explanation,
  }));
  return { run, total, pairs };
}

function toEventView(e: LinkEventRow, reverted: Set<string>): EventView {
  return {
    id: String(e.id),
    kind: e.kind,
    actor: e.actor,
    note: e.note,
    createdAt: e.created_at,
    clusters: e.details.clusters,
    moves: e.details.moves,
    reverts: e.reverts === null ? null : String(e.reverts),
    reverted: reverted.has(String(e.id)),
  };
}

/** Recent review events, newest first (only those touching `clusters` when given). */
export async function listReviewEvents(db: Db, viewer: Viewer, opts: { limit: number; clusters?: readonly string[] }): Promise<EventView[]> {
  authorizeLists(viewer, "read");
  const events = await findLinkEvents(db, opts);
  const reverted = await findRevertedIds(db, events.map((e) => String(e.id)));
  return events.map((e) => toEventView(e, reverted));
}

/** A cluster: its members side by side and every event that touched it. */
export async function getCluster(db: Db, viewer: Viewer, clusterId: string): Promise<{ id: string; members: RecordView[]; events: EventView[] }> {
  authorizeLists(viewer, "read");
  const rows = await findClusterMembers(db, clusterId);
  const events = await listReviewEvents(db, viewer, { limit: 100, clusters: [clusterId] });
  if (rows.length === 0 && events.length === 0) throw notFound("cluster");
  const keys = rows.map((m) => ({ list: m.list_id, record: m.record_id }));
  const views = await loadRecordViews(db, viewer, keys);
  return { id: clusterId, members: keys.map((k) => views.get(keyString(k))!), events };
}

/** The cluster a record belongs to now. */
export async function findClusterOf(db: Db, viewer: Viewer, key: RecordKey): Promise<string> {
  authorizeLists(viewer, "read");
  const [m] = await findMembers(db, [key]);
  if (!m) throw notFound("linked record");
  return m.cluster_id;
}

/** Clusters with more than one record, largest first. */
export async function listLinkedClusters(db: Db, viewer: Viewer, opts: { limit: number; offset: number }): Promise<{ cluster_id: string; size: number }[]> {
  authorizeLists(viewer, "read");
  return findLinkedClusters(db, opts);
}
