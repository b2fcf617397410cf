import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { NewRevisionRow, RevisionRow } from "./revision.table.ts";

/** Appends one revision snapshot. */
export async function insertRevision(trx: Trx, row: NewRevisionRow): Promise<void> {
  await trx.insertInto("revision").values(row).execute();
}

/**
 * Snapshots claims straight from the claim table inside the database: the bulk importer writes
 * thousands of claims per batch, and copying them server-side avoids sending each one twice.
 */
export async function insertClaimRevisionsFromTable(
  trx: Trx,
  claimIds: readonly string[],
  action: string,
  reason: string | null,
): Promise<void> {
  if (claimIds.length === 0) return;
  await sql`
    INSERT INTO revision (object_type, object_id, version, action, snapshot, author, reason, created_at)
    SELECT 'claim', c.id, c.version, ${action}, to_jsonb(c) - 'tsv', c.author, ${reason}, c.updated_at
    FROM claim c WHERE c.id = ANY(${claimIds as string[]}::text[])`.execute(trx);
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

/** Snapshots entities straight from the entity table inside the database (bulk import). */
export async function insertEntityRevisionsFromTable(trx: Trx, entityIds: readonly string[], action: string): Promise<void> {
  if (entityIds.length === 0) return;
  await sql`
    INSERT INTO revision (object_type, object_id, version, action, snapshot, author, reason, created_at)
    SELECT 'entity', e.id, e.version, ${action}, to_jsonb(e), e.created_by, NULL, e.updated_at
    FROM entity e WHERE e.id = ANY(${entityIds as string[]}::text[])`.execute(trx);
}
