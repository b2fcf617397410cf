import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { NewRevisionRow, RevisionRow } from "../db/index.ts";

/** Appends one revision snapshot. */
export async function insertRevision(trx: Trx, row: NewRevisionRow): Promise<void> {
  await trx.insertInto("revision").values(row).execute();
}

/**
 * Snapshots the current version of claims straight from the claim table inside the database
 * (no round trip of the data). A version already recorded is left as it is, so this can be
 * called before every change to make sure the version about to be superseded is kept.
 */
export async function insertClaimRevisionsFromTable(
  trx: Trx,
  claimIds: readonly string[],
  action: string,
  reason: string | null,
  author: string | null = null,
): Promise<void> {
  if (claimIds.length === 0) return;
  await sql`
    INSERT INTO revision (object_type, object_id, version, action, snapshot, author, reason, created_at)
    SELECT 'claim', c.id, c.version, ${action}, to_jsonb(c) - 'tsv', COALESCE(${author}, c.author), ${reason}, c.updated_at
    FROM claim c WHERE c.id = ANY(${claimIds as string[]}::text[])
    ON CONFLICT DO NOTHING`.execute(trx);
}

/** Every revision of one object, oldest first. */
export async function findRevisions(db: Db, objectType: string, objectId: string): Promise<RevisionRow[]> {
  return db
    .selectFrom("revision")
    .selectAll()
    .where("object_type", "=", objectType)
    .where("object_id", "=", objectId)
    .orderBy("version", "asc")
    .execute();
}

/** The visibility of each of the given entities that exists, by id. */
export async function findEntityVisibilities(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("entity").select(["id", "visibility"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.visibility]));
}

/** One revision of one object. */
export async function findRevision(
  db: Db,
  objectType: string,
  objectId: string,
  version: number,
): Promise<RevisionRow | undefined> {
  return db
    .selectFrom("revision")
    .selectAll()
    .where("object_type", "=", objectType)
    .where("object_id", "=", objectId)
    .where("version", "=", version)
    .executeTakeFirst();
}

/** Snapshots the current version of entities from the entity table, keeping versions already recorded. */
export async function insertEntityRevisionsFromTable(trx: Trx, entityIds: readonly string[], action: string): Promise<void> {
  if (entityIds.length === 0) return;
  await sql`
    INSERT INTO revision (object_type, object_id, version, action, snapshot, author, reason, created_at)
    SELECT 'entity', e.id, e.version, ${action}, to_jsonb(e), e.created_by, NULL, e.updated_at
    FROM entity e WHERE e.id = ANY(${entityIds as string[]}::text[])
    ON CONFLICT DO NOTHING`.execute(trx);
}

/**
 * The current version of a claim or entity as a revision-shaped row: the latest version lives in
 * its own table and is only appended to `revision` when something supersedes it.
 */
export async function findCurrentVersion(db: Db, objectType: "claim" | "entity", objectId: string): Promise<RevisionRow | undefined> {
  const r =
    objectType === "claim"
      ? await sql<RevisionRow>`
          SELECT 'claim' AS object_type, c.id AS object_id, c.version, 'create' AS action, to_jsonb(c) - 'tsv' AS snapshot,
                 c.author, NULL AS reason, c.updated_at AS created_at
          FROM claim c WHERE c.id = ${objectId}`.execute(db)
      : await sql<RevisionRow>`
          SELECT 'entity' AS object_type, e.id AS object_id, e.version, 'create' AS action, to_jsonb(e) AS snapshot,
                 e.created_by AS author, NULL AS reason, e.updated_at AS created_at
          FROM entity e WHERE e.id = ${objectId}`.execute(db);
  return r.rows[0];
}

/**
 * Rewrites the snapshot of one revision, the only change the append-only trigger lets through,
 * and only in a transaction that says so (migration 2026_12_05_0009): for sealing the earlier
 * versions of a value that became confidential.
 */
export async function rewriteRevisionSnapshot(
  trx: Trx,
  objectType: string,
  objectId: string,
  version: number,
  snapshot: Record<string, unknown>,
): Promise<void> {
  await sql`SELECT set_config('sabt.seal_history', 'on', true)`.execute(trx);
  await sql`UPDATE revision SET snapshot = ${JSON.stringify(snapshot)}::jsonb
    WHERE object_type = ${objectType} AND object_id = ${objectId} AND version = ${version}`.execute(trx);
  await sql`SELECT set_config('sabt.seal_history', 'off', true)`.execute(trx);
}

/** The stored snapshot of claims or entities as revisions copy them (`to_jsonb` of the row), by id. */
export async function findCurrentSnapshots(db: Db, objectType: "claim" | "entity", ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const r =
    objectType === "claim"
      ? await sql<{ id: string; snapshot: Record<string, unknown> }>`
          SELECT c.id, to_jsonb(c) - 'tsv' AS snapshot FROM claim c WHERE c.id = ANY(${ids as string[]}::text[])`.execute(db)
      : await sql<{ id: string; snapshot: Record<string, unknown> }>`
          SELECT e.id, to_jsonb(e) AS snapshot FROM entity e WHERE e.id = ANY(${ids as string[]}::text[])`.execute(db);
  return new Map(r.rows.map((x) => [x.id, x.snapshot]));
}

/** A page of claim or entity ids in id order after `afterId` (for whole-table checks). */
export async function findObjectIdsPage(db: Db, objectType: "claim" | "entity", afterId: string, limit: number): Promise<string[]> {
  const rows =
    objectType === "claim"
      ? await db.selectFrom("claim").select("id").where("id", ">", afterId).orderBy("id").limit(limit).execute()
      : await db.selectFrom("entity").select("id").where("id", ">", afterId).orderBy("id").limit(limit).execute();
  return rows.map((r) => r.id);
}

/** The revisions of many objects of one type, by object id, oldest first. */
export async function findRevisionsOf(db: Db, objectType: string, ids: readonly string[]): Promise<Map<string, RevisionRow[]>> {
  const out = new Map<string, RevisionRow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom("revision")
    .selectAll()
    .where("object_type", "=", objectType)
    .where("object_id", "in", ids as string[])
    .orderBy("object_id")
    .orderBy("version")
    .execute();
  for (const r of rows) {
    const list = out.get(r.object_id);
    if (list) list.push(r);
    else out.set(r.object_id, [r]);
  }
  return out;
}

/** Revisions whose object has no row any more (a claim or entity deleted behind Sabt's back). */
export async function findOrphanRevisionObjects(db: Db, objectType: "claim" | "entity", limit: number): Promise<string[]> {
  const table = objectType === "claim" ? sql`claim` : sql`entity`;
  const r = await sql<{ object_id: string }>`
    SELECT DISTINCT r.object_id FROM revision r
    WHERE r.object_type = ${objectType} AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = r.object_id)
    ORDER BY r.object_id LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.object_id);
}

/**
 * The newest revision of each claim that is either its first version or one whose reason matches
 * `reasonPattern` (a PostgreSQL regular expression), by claim id. Claims with no such revision
 * (never superseded, their first version still only in the claim table) are absent.
 */
export async function findNewestClaimRevisionsByReason(db: Db, ids: readonly string[], reasonPattern: string): Promise<Map<string, RevisionRow>> {
  if (ids.length === 0) return new Map();
  const r = await sql<RevisionRow>`
    SELECT DISTINCT ON (object_id) * FROM revision
    WHERE object_type = 'claim' AND object_id = ANY(${ids as string[]}::text[]) AND (version = 1 OR reason ~ ${reasonPattern})
    ORDER BY object_id, version DESC`.execute(db);
  return new Map(r.rows.map((x) => [x.object_id, x]));
}
