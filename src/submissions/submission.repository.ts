/** All SQL of submissions: the submissions, their files and the form's throttle counters. */
import { sql } from "kysely";
import type { Db, NewSubmissionRow, SubmissionFileRow, SubmissionRow, SubmissionState, SubmissionUpdate, Trx } from "../db/index.ts";

/** Inserts a submission and its files. */
export async function insertSubmission(trx: Trx, row: NewSubmissionRow, files: readonly SubmissionFileRow[]): Promise<void> {
  await trx.insertInto("submission").values(row).execute();
  if (files.length > 0) await trx.insertInto("submission_file").values([...files]).execute();
}

/** The state of the submission whose receipt has this hash. */
export async function findSubmissionStateByReceipt(db: Db, receiptHash: string): Promise<Pick<SubmissionRow, "state" | "created_at" | "updated_at"> | undefined> {
  return db.selectFrom("submission").select(["state", "created_at", "updated_at"]).where("receipt_hash", "=", receiptHash).executeTakeFirst();
}

/** A submission by id. */
export async function findSubmissionById(db: Db, id: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom("submission").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Whether a submission of this id exists (its id only: nothing sealed is read). */
export async function submissionExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom("submission").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

/** One submission's files, in the order they were sent, with what the archive knows of them. */
export async function findSubmissionFiles(db: Db, id: string) {
  return db
    .selectFrom("submission_file as f")
    .innerJoin("archive_item as a", "a.id", "f.item_id")
    .select(["a.id", "a.filename", "a.size", "a.media_type", "a.hazards"])
    .where("f.submission_id", "=", id)
    .orderBy("f.position")
    .execute();
}

/** Submissions in a state, newest first, with their file counts (no sealed content). */
export async function findSubmissions(db: Db, q: { state: SubmissionState; limit: number; offset: number }) {
  return db
    .selectFrom("submission as s")
    .select(["s.id", "s.kind", "s.state", "s.lang", "s.entity_id", "s.consent", "s.source_id", "s.created_at", "s.updated_at"])
    .select((eb) => eb.selectFrom("submission_file as f").whereRef("f.submission_id", "=", "s.id").select(eb.fn.countAll<string>().as("n")).as("files"))
    .where("s.state", "=", q.state)
    .orderBy("s.created_at", "desc")
    .orderBy("s.id")
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}

/** How many submissions are in each state. */
export async function countSubmissionsByState(db: Db): Promise<{ state: SubmissionState; n: string }[]> {
  return db.selectFrom("submission").select(["state", (eb) => eb.fn.countAll<string>().as("n")]).groupBy("state").execute();
}

/**
 * Records the source made from a submission, only while it has none: false when another editor's
 * source was recorded first (their transaction committed between our read and this update).
 */
export async function setSubmissionSource(trx: Trx, id: string, update: SubmissionUpdate & { source_id: string }): Promise<boolean> {
  const r = await trx.updateTable("submission").set(update).where("id", "=", id).where("source_id", "is", null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Changes a submission (state, who). */
export async function updateSubmission(trx: Trx, id: string, update: SubmissionUpdate): Promise<void> {
  await trx.updateTable("submission").set(update).where("id", "=", id).execute();
}

/**
 * Counts one hit on a key and returns the count in its window: a key whose window ran out starts
 * again at 1. One statement, so processes sharing the database count together.
 */
export async function countHit(trx: Trx, key: string, now: Date, windowEnds: Date): Promise<number> {
  const r = await sql<{ count: number }>`
    INSERT INTO submission_throttle (key, count, expires_at) VALUES (${key}, 1, ${windowEnds})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN submission_throttle.expires_at <= ${now} THEN 1 ELSE submission_throttle.count + 1 END,
      expires_at = CASE WHEN submission_throttle.expires_at <= ${now} THEN ${windowEnds}::timestamptz ELSE submission_throttle.expires_at END
    RETURNING count`.execute(trx);
  return Number(r.rows[0]!.count);
}

/** The current count of a key (0 when absent or expired). */
export async function findHitCount(db: Db, key: string, now: Date): Promise<number> {
  const r = await db.selectFrom("submission_throttle").select("count").where("key", "=", key).where("expires_at", ">", now).executeTakeFirst();
  return r?.count ?? 0;
}

/** Records a one-time key (a spent challenge); false when it was spent already. */
export async function spendOnce(trx: Trx, key: string, expiresAt: Date): Promise<boolean> {
  const r = await trx.insertInto("submission_throttle").values({ key, count: 1, expires_at: expiresAt }).onConflict((oc) => oc.column("key").doNothing()).returning("key").executeTakeFirst();
  return r !== undefined;
}

/** Forgets the counters whose window ended. */
export async function deleteExpiredHits(trx: Trx, now: Date): Promise<void> {
  await trx.deleteFrom("submission_throttle").where("expires_at", "<=", now).execute();
}

/** A page of sealed submissions after an id, for re-sealing under a new key. */
export async function findSealedSubmissions(db: Db, afterId: string, limit: number): Promise<{ id: string; sealed: string }[]> {
  return db.selectFrom("submission").select(["id", "sealed"]).where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

/** Replaces a submission's sealed content (key rotation). */
export async function updateSubmissionSealed(trx: Trx, id: string, sealed: string): Promise<void> {
  await trx.updateTable("submission").set({ sealed }).where("id", "=", id).execute();
}
