import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { AuditRow, NewAuditRow } from "../db/index.ts";

/**
 * Serializes writers of the audit chain for the rest of the transaction, so two transactions
 * never both append after the same head (PGlite has one connection; PostgreSQL needs the lock).
 */
export async function lockAuditChain(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7243901)`.execute(trx);
}

/** The newest entry's sequence number and hash, or undefined for an empty log. */
export async function findAuditHead(db: Db): Promise<{ seq: string; hash: string } | undefined> {
  return db.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
}

/** The hash of the entry with this sequence number, or undefined when there is none. */
export async function findAuditHashBySeq(db: Db, seq: string): Promise<string | undefined> {
  const r = await db.selectFrom("audit_log").select("hash").where("seq", "=", seq).executeTakeFirst();
  return r?.hash;
}

/** Appends one audit entry. */
export async function insertAuditEntry(trx: Trx, row: NewAuditRow): Promise<void> {
  await trx.insertInto("audit_log").values(row).execute();
}

/** An audit row with the sub-millisecond part of its time, which a JavaScript Date drops. */
export type AuditPageRow = AuditRow & { at_sub_ms: number };

/**
 * A page of the audit log in chain order, starting after `afterSeq` (null: from the lowest
 * sequence number there is, so an entry slipped in before 1 is seen too).
 */
export async function findAuditPage(db: Db, afterSeq: string | null, limit: number): Promise<AuditPageRow[]> {
  let q = db
    .selectFrom("audit_log")
    .selectAll()
    // Entries are written with millisecond times; anything finer was put there by hand.
    .select(sql<number>`(extract(microseconds FROM at)::bigint % 1000)::int`.as("at_sub_ms"))
    .orderBy("seq", "asc")
    .limit(limit);
  if (afterSeq !== null) q = q.where("seq", ">", afterSeq);
  return q.execute();
}

/** True when the database holds entities or accounts, whose creation the audit log must record. */
export async function hasAuditedData(db: Db): Promise<boolean> {
  const r = await sql<{ any: boolean }>`
    SELECT EXISTS (SELECT 1 FROM entity) OR EXISTS (SELECT 1 FROM app_user) AS any`.execute(db);
  return r.rows[0]?.any === true;
}

