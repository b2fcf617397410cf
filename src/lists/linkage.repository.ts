/**
 * All SQL of linkage runs: the list rows and their imported values, runs, the review queue and
 * current membership. Plain functions taking the executor first (STYLE.md §3).
 */
import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import type { RecordKey } from "./keys.ts";
import type { LinkMemberRow, LinkPairRow, LinkRunRow, NewLinkMemberRow, NewLinkPairRow, NewLinkRunRow } from "../db/index.ts";
import type { ListValueRow } from "./records.ts";

const BATCH = 1000;


/** Serializes changes to clusters (runs, merges, unmerges, reverts) on both engines. */
export async function lockLinkage(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('sabt.lists.linkage'))`.execute(trx);
}

/** Lists that have imported records, with their label, visibility and record count. */
export async function findListsWithRecords(db: Db): Promise<{ id: string; label: string; visibility: string; records: number }[]> {
  const rows = await db
    .selectFrom("entity as e")
    .innerJoin("list_record as r", "r.list_id", "e.id")
    .where("e.type", "=", "list")
    .select(["e.id", "e.label", "e.visibility", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy(["e.id", "e.label", "e.visibility"])
    .orderBy("e.label")
    .execute();
  return rows.map((r) => ({ id: r.id, label: r.label, visibility: r.visibility, records: Number(r.n) }));
}

/** The keys of every record of the given lists, in list then record order. */
export async function findRecordKeys(db: Db, listIds: readonly string[]): Promise<RecordKey[]> {
  if (listIds.length === 0) return [];
  const rows = await db
    .selectFrom("list_record")
    .select(["list_id", "record_id"])
    .where("list_id", "in", [...listIds])
    .orderBy("list_id")
    .orderBy("record_id")
    .execute();
  return rows.map((r) => ({ list: r.list_id, record: r.record_id }));
}

// Claims are reached through the row's person (`list_record.person_id`, indexed by entity), then
// kept only when their import origin is that row's: `list:<list id>:<record id>:<column>`.
const ROW_ORIGIN = sql<boolean>`starts_with(c.origin, 'list:' || lr.list_id || ':' || lr.record_id || ':')`;

/**
 * The imported values of the given lists that the linker may use: not retracted, not
 * confidential and read (not a cell kept unparsed). Confidential values take no part in linkage, so that a score explanation shown
 * to a reviewer (who may not read them) reveals nothing about them.
 */
export async function findListValues(db: Db, listIds: readonly string[]): Promise<ListValueRow[]> {
  if (listIds.length === 0) return [];
  const rows = await db
    .selectFrom("list_record as lr")
    .innerJoin("claim as c", "c.entity_id", "lr.person_id")
    .select(["c.origin", "c.value_text", "c.num_value"])
    .where("lr.list_id", "in", [...listIds])
    .where(ROW_ORIGIN)
    .where("c.status", "<>", "retracted")
    .where("c.visibility", "<>", "confidential")
    // A cell Sabt could not read (kept as raw text) would mislead the linker: "-5" read as age 5.
    .where("c.unparsed", "is", null)
    .orderBy("c.created_at")
    .execute();
  return rows.map((r) => ({ origin: r.origin ?? "", value_text: r.value_text, num_value: r.num_value }));
}

/**
 * The stored values of some records readable at the given visibilities, for reviewers: a value is
 * never more visible than its person, so a confidential person's values stay hidden from a
 * reviewer whatever the values' own visibility (issue 13).
 */
export async function findRecordValues(
  db: Db,
  keys: readonly RecordKey[],
  visibilities: readonly Visibility[],
): Promise<{ origin: string; property: string; value_text: string; visibility: string; person_id: string }[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("list_record as lr")
    .innerJoin("claim as c", "c.entity_id", "lr.person_id")
    .innerJoin("entity as p", "p.id", "lr.person_id")
    .where("p.visibility", "in", [...visibilities])
    .select(["c.origin", "c.property", "c.value_text", "c.visibility", "c.entity_id"])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb("lr.list_id", "=", k.list), eb("lr.record_id", "=", k.record)]))))
    .where(ROW_ORIGIN)
    .where("c.status", "<>", "retracted")
    .where("c.visibility", "in", [...visibilities])
    .orderBy("c.created_at")
    .execute();
  return rows.map((r) => ({ origin: r.origin ?? "", property: r.property, value_text: r.value_text, visibility: r.visibility, person_id: r.entity_id }));
}

/** Inserts a run. */
export async function insertLinkRun(trx: Trx, row: NewLinkRunRow): Promise<void> {
  await trx.insertInto("link_run").values(row).execute();
}

/** The most recent run, if any. */
export async function findLatestLinkRun(db: Db): Promise<LinkRunRow | undefined> {
  return db.selectFrom("link_run").selectAll().orderBy("finished_at", "desc").orderBy("id", "desc").limit(1).executeTakeFirst();
}

/** One linkage run by id. */
export async function findLinkRunById(db: Db, id: string): Promise<LinkRunRow | undefined> {
  return db.selectFrom("link_run").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Inserts a run's queued pairs in batches. */
export async function insertLinkPairs(trx: Trx, rows: readonly NewLinkPairRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await trx.insertInto("link_pair").values(rows.slice(i, i + BATCH)).execute();
}

/** Pending pairs of a run, the closest to a coin toss first, and how many there are. */
export async function findPendingPairs(db: Db, runId: string, opts: { limit: number; offset: number }): Promise<{ rows: LinkPairRow[]; total: number }> {
  const rows = await db
    .selectFrom("link_pair")
    .selectAll()
    .where("run_id", "=", runId)
    .where("status", "=", "pending")
    .orderBy(sql`abs(probability - 0.5)`)
    .orderBy("left_list_id")
    .orderBy("left_record_id")
    .orderBy("right_list_id")
    .orderBy("right_record_id")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const n = await db
    .selectFrom("link_pair")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("run_id", "=", runId)
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return { rows, total: Number(n.n) };
}

/** Marks a queued pair of a run decided or pending again (after a revert). */
export async function updatePairStatus(trx: Trx, runId: string, l: RecordKey, r: RecordKey, status: "pending" | "decided"): Promise<void> {
  await trx
    .updateTable("link_pair")
    .set({ status })
    .where("run_id", "=", runId)
    .where("left_list_id", "=", l.list)
    .where("left_record_id", "=", l.record)
    .where("right_list_id", "=", r.list)
    .where("right_record_id", "=", r.record)
    .execute();
}

/** Replaces the whole membership with a run's clusters. */
export async function replaceMembers(trx: Trx, rows: readonly NewLinkMemberRow[]): Promise<void> {
  await trx.deleteFrom("link_member").execute();
  for (let i = 0; i < rows.length; i += BATCH) await trx.insertInto("link_member").values(rows.slice(i, i + BATCH)).execute();
}

/** Current membership of some records. */
export async function findMembers(db: Db, keys: readonly RecordKey[]): Promise<LinkMemberRow[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom("link_member")
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb("list_id", "=", k.list), eb("record_id", "=", k.record)]))))
    .execute();
}

/** Every member of a cluster, in key order. */
export async function findClusterMembers(db: Db, clusterId: string): Promise<LinkMemberRow[]> {
  return db.selectFrom("link_member").selectAll().where("cluster_id", "=", clusterId).orderBy("list_id").orderBy("record_id").execute();
}

/** Moves records to other clusters. */
export async function updateMemberClusters(trx: Trx, moves: readonly { list: string; record: string; cluster: string }[]): Promise<void> {
  for (const m of moves) {
    await trx
      .updateTable("link_member")
      .set({ cluster_id: m.cluster, updated_at: sql<Date>`now()` })
      .where("list_id", "=", m.list)
      .where("record_id", "=", m.record)
      .execute();
  }
}

/** Every current membership row (for estimation), with the list of each record. */
export async function findAllMembers(db: Db): Promise<{ list_id: string; record_id: string; cluster_id: string }[]> {
  return db.selectFrom("link_member").select(["list_id", "record_id", "cluster_id"]).orderBy("cluster_id").execute();
}

/** Counts of the current membership: records and distinct clusters. */
export async function countMembers(db: Db): Promise<{ records: number; clusters: number; multi: number }> {
  const r = await sql<{ records: string; clusters: string; multi: string }>`
    SELECT count(*)::text AS records, count(DISTINCT cluster_id)::text AS clusters,
           (SELECT count(*) FROM (SELECT cluster_id FROM link_member GROUP BY cluster_id HAVING count(*) > 1) x)::text AS multi
    FROM link_member`.execute(db);
  const row = r.rows[0];
  return { records: Number(row?.records ?? 0), clusters: Number(row?.clusters ?? 0), multi: Number(row?.multi ?? 0) };
}

/** Clusters with more than one member, largest first (for browsing). */
export async function findLinkedClusters(db: Db, opts: { limit: number; offset: number }): Promise<{ cluster_id: string; size: number }[]> {
  const rows = await db
    .selectFrom("link_member")
    .select(["cluster_id", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("cluster_id")
    .having((eb) => eb.fn.countAll(), ">", 1)
    .orderBy(sql`count(*)`, "desc")
    .orderBy("cluster_id")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map((r) => ({ cluster_id: r.cluster_id, size: Number(r.n) }));
}

/** The value of one column of each record of the current membership (for strata), not confidential. */
export async function findMemberColumn(db: Db, column: string): Promise<{ list_id: string; record_id: string; value_text: string }[]> {
  return db
    .selectFrom("link_member as m")
    .innerJoin("list_record as lr", (j) => j.onRef("lr.list_id", "=", "m.list_id").onRef("lr.record_id", "=", "m.record_id"))
    .innerJoin("claim as c", "c.entity_id", "lr.person_id")
    .select(["m.list_id", "m.record_id", "c.value_text"])
    .where(sql<boolean>`c.origin = 'list:' || lr.list_id || ':' || lr.record_id || ':' || ${column}`)
    .where("c.status", "<>", "retracted")
    .where("c.visibility", "<>", "confidential")
    .execute();
}

/** Labels and visibility of some list entities. */
export async function findListLabels(db: Db, ids: readonly string[]): Promise<{ id: string; label: string; visibility: string }[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db.selectFrom("entity").select(["id", "label", "visibility"]).where("id", "in", unique).where("type", "=", "list").execute();
}

/** Which of these records exist in their lists. */
export async function findExistingRecords(db: Db, keys: readonly RecordKey[]): Promise<RecordKey[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("list_record")
    .select(["list_id", "record_id"])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb("list_id", "=", k.list), eb("record_id", "=", k.record)]))))
    .execute();
  return rows.map((r) => ({ list: r.list_id, record: r.record_id }));
}
