/**
 * All SQL of review history: events (accept, reject, merge, unmerge, revert) and the decisions
 * they append. Both tables are append-only; the current decision of a pair is its latest row.
 */
import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { RecordKey } from "./keys.ts";
import type { EventDetailsJson, LinkDecisionRow, LinkEventRow, NewLinkDecisionRow } from "../db/index.ts";


/** Appends an event and returns its id. */
export async function insertLinkEvent(
  trx: Trx,
  row: { kind: LinkEventRow["kind"]; actor: string; note: string | null; details: EventDetailsJson; reverts?: string | null },
): Promise<string> {
  const r = await trx
    .insertInto("link_event")
    .values({ kind: row.kind, actor: row.actor, note: row.note, details: JSON.stringify(row.details), reverts: row.reverts ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(r.id);
}

/** Appends decisions (keys already in canonical order). */
export async function insertDecisions(trx: Trx, rows: readonly NewLinkDecisionRow[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto("link_decision").values([...rows]).execute();
}

/** The current (latest) decision of every pair that has one, `cleared` ones left out. */
export async function findCurrentDecisions(db: Db): Promise<LinkDecisionRow[]> {
  const rows = await db
    .selectFrom("link_decision")
    .selectAll()
    .distinctOn(["left_list_id", "left_record_id", "right_list_id", "right_record_id"])
    .orderBy("left_list_id")
    .orderBy("left_record_id")
    .orderBy("right_list_id")
    .orderBy("right_record_id")
    .orderBy("id", "desc")
    .execute();
  return rows.filter((r) => r.decision !== "cleared");
}

/** The id of the newest decision ("0" when none), to notice decisions made during a long run. */
export async function findDecisionMark(db: Db): Promise<string> {
  const r = await sql<{ m: string | null }>`SELECT max(id)::text AS m FROM link_decision`.execute(db);
  return r.rows[0]?.m ?? "0";
}

/** The latest decision of one pair strictly before a decision id (or the latest of all). */
export async function findDecisionBefore(db: Db, l: RecordKey, r: RecordKey, beforeId?: string): Promise<LinkDecisionRow | undefined> {
  let q = db
    .selectFrom("link_decision")
    .selectAll()
    .where("left_list_id", "=", l.list)
    .where("left_record_id", "=", l.record)
    .where("right_list_id", "=", r.list)
    .where("right_record_id", "=", r.record);
  if (beforeId !== undefined) q = q.where("id", "<", beforeId);
  return q.orderBy("id", "desc").limit(1).executeTakeFirst();
}

/** The decisions an event appended, in order. */
export async function findDecisionsOfEvent(db: Db, eventId: string): Promise<LinkDecisionRow[]> {
  return db.selectFrom("link_decision").selectAll().where("event_id", "=", eventId).orderBy("id").execute();
}

/** One event. */
export async function findLinkEvent(db: Db, id: string): Promise<LinkEventRow | undefined> {
  return db.selectFrom("link_event").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Ids among these events that a later revert undid. */
export async function findRevertedIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom("link_event").select("reverts").where("reverts", "in", [...ids]).execute();
  return new Set(rows.map((r) => String(r.reverts)));
}

/** Recent events, newest first; only those touching one of `clusters` when given. */
export async function findLinkEvents(db: Db, opts: { limit: number; clusters?: readonly string[] }): Promise<LinkEventRow[]> {
  let q = db.selectFrom("link_event").selectAll();
  if (opts.clusters) {
    const names = [...opts.clusters];
    if (names.length === 0) return [];
    q = q.where(sql<boolean>`details->'clusters' ?| ARRAY[${sql.join(names)}]::text[]`);
  }
  return q.orderBy("id", "desc").limit(opts.limit).execute();
}
