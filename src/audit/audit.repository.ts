import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { AuditRow, NewAuditRow } from "./audit.table.ts";

/**
 * Serializes writers of the audit chain for the rest of the transaction, so two transactions
 * never both append after the same head (PGlite has one connection; PostgreSQL needs the lock).
 */
export async function lockAuditChain(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(7243901)`.execute(trx);
}

/** The newest entry's sequence number and hash, or undefined for an empty log. */
export async function findAuditHead(trx: Trx): Promise<{ seq: string; hash: string } | undefined> {
  return trx.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
}

/** Appends one audit entry. */
export async function insertAuditEntry(trx: Trx, row: NewAuditRow): Promise<void> {
  await trx.insertInto("audit_log").values(row).execute();
}

/** A page of the audit log in chain order, starting after `afterSeq`. */
export async function findAuditPage(db: Db, afterSeq: string, limit: number): Promise<AuditRow[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("seq", ">", afterSeq)
    .orderBy("seq", "asc")
    .limit(limit)
    .execute();
}

