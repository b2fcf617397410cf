import { sql } from "kysely";
import { copyRows, type Db, type Trx } from "../db/index.ts";
import type { Commitment } from "./commitment.ts";

const rowToCommitment = (r: { object_type: string; object_id: string; version: number; digest: string }): Commitment => ({
  objectType: r.object_type,
  objectId: r.object_id,
  version: r.version,
  digest: r.digest,
});

/**
 * Stores commitments as pending in the caller's transaction; the transaction's audit entry binds
 * them (`bindPendingCommitments`). A version already committed keeps its first commitment.
 */
export async function insertCommitments(trx: Trx, rows: readonly Commitment[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000).map((c) => ({ object_type: c.objectType, object_id: c.objectId, version: c.version, digest: c.digest }));
    await sql`
      INSERT INTO version_commitment (object_type, object_id, version, digest)
      SELECT object_type, object_id, version, digest
      FROM jsonb_populate_recordset(NULL::version_commitment, ${JSON.stringify(chunk)}::jsonb)
      ON CONFLICT DO NOTHING`.execute(trx);
  }
}

/**
 * Stores the commitments of versions created in this transaction with COPY (bulk imports), bound
 * to the audit entry `seq`: new objects have no commitment yet, so none can conflict, and a
 * conflict would be a defect that fails the transaction rather than one skipped silently.
 */
export async function insertBoundCommitments(trx: Trx, rows: readonly Commitment[], seq: string): Promise<void> {
  await copyRows(trx, "version_commitment", ["object_type", "object_id", "version", "digest", "audit_seq"], rows.map((c) => [c.objectType, c.objectId, c.version, c.digest, seq]));
}

/** The commitments this transaction wrote that no audit entry binds yet. */
export async function findPendingCommitments(trx: Trx): Promise<Commitment[]> {
  const r = await sql<{ object_type: string; object_id: string; version: number; digest: string }>`
    SELECT object_type, object_id, version, digest FROM version_commitment
    WHERE audit_seq IS NULL AND txid = txid_current()`.execute(trx);
  return r.rows.map(rowToCommitment);
}

/** Binds this transaction's pending commitments to the audit entry `seq`. */
export async function bindPendingCommitments(trx: Trx, seq: string): Promise<void> {
  await sql`UPDATE version_commitment SET audit_seq = ${seq} WHERE audit_seq IS NULL AND txid = txid_current()`.execute(trx);
}

/** The commitments of some objects of one type, by object id. */
export async function findCommitmentsOf(db: Db, objectType: string, ids: readonly string[]): Promise<Map<string, Map<number, string>>> {
  const out = new Map<string, Map<number, string>>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("version_commitment")
    .select(["object_id", "version", "digest"])
    .where("object_type", "=", objectType)
    .where("object_id", "in", ids as string[])
    .execute();
  for (const r of rows) {
    let m = out.get(r.object_id);
    if (!m) out.set(r.object_id, (m = new Map<number, string>()));
    m.set(r.version, r.digest);
  }
  return out;
}

/**
 * The commitments bound to some audit entries, by entry. Read through the index on `audit_seq`,
 * a few entries at a time, so that checking a large collection never sorts the whole table.
 */
export async function findCommitmentsOfEntries(db: Db, seqs: readonly string[]): Promise<Map<string, Commitment[]>> {
  const out = new Map<string, Commitment[]>();
  if (seqs.length === 0) return out;
  const r = await sql<{ object_type: string; object_id: string; version: number; digest: string; audit_seq: string }>`
    SELECT object_type, object_id, version, digest, audit_seq::text AS audit_seq FROM version_commitment
    WHERE audit_seq = ANY(${seqs as string[]}::bigint[])`.execute(db);
  for (const x of r.rows) {
    const list = out.get(x.audit_seq);
    if (list) list.push(rowToCommitment(x));
    else out.set(x.audit_seq, [rowToCommitment(x)]);
  }
  return out;
}

/** Commitments bound to an audit entry that does not exist or commits to no versions (forged bindings). */
export async function findMisboundCommitments(db: Db, limit: number): Promise<(Commitment & { auditSeq: string })[]> {
  const r = await sql<{ object_type: string; object_id: string; version: number; digest: string; audit_seq: string }>`
    SELECT v.object_type, v.object_id, v.version, v.digest, v.audit_seq::text AS audit_seq FROM version_commitment v
    WHERE v.audit_seq IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.seq = v.audit_seq AND a.details->'commits' IS NOT NULL)
    ORDER BY v.audit_seq, v.object_id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...rowToCommitment(x), auditSeq: x.audit_seq }));
}

/** Commitments no audit entry binds: written by a transaction that recorded no audit entry, or slipped in. */
export async function findUnboundCommitments(db: Db, limit: number): Promise<Commitment[]> {
  const rows = await db
    .selectFrom("version_commitment")
    .select(["object_type", "object_id", "version", "digest"])
    .where("audit_seq", "is", null)
    .limit(limit)
    .execute();
  return rows.map(rowToCommitment);
}

/** The audit entries that record a commitment root: sequence, object and root. */
export async function findCommittingAuditEntries(db: Db): Promise<{ seq: string; objectType: string; objectId: string; count: number; root: string }[]> {
  const r = await sql<{ seq: string; object_type: string; object_id: string; count: number; root: string }>`
    SELECT seq::text AS seq, object_type, object_id, (details->'commits'->>'count')::int AS count, details->'commits'->>'root' AS root
    FROM audit_log a WHERE a.details->'commits' IS NOT NULL ORDER BY a.seq`.execute(db);
  return r.rows.map((x) => ({ seq: x.seq, objectType: x.object_type, objectId: x.object_id, count: x.count, root: x.root }));
}

/** Objects of a type that have commitments but no row in their table any more (deleted behind Sabt's back). */
export async function findCommittedButMissing(db: Db, objectType: "claim" | "entity" | "custody", limit: number): Promise<string[]> {
  const table = objectType === "custody" ? sql`archive_item` : objectType === "claim" ? sql`claim` : sql`entity`;
  const r = await sql<{ object_id: string }>`
    SELECT DISTINCT v.object_id FROM version_commitment v
    WHERE v.object_type = ${objectType} AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = v.object_id)
    ORDER BY v.object_id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.object_id);
}
