import { sql } from "kysely";
import { copyRows, vacuumFacets, type Db, type Trx } from "../db/index.ts";
import type { ImportRunRow, ListRecordRow, NewListRecordRow } from "../db/index.ts";

// An advisory lock key no other part of Sabt uses: "sabt:imp" as a 64-bit number.
const IMPORT_LOCK_KEY = 0x736162743a696d70n;

/**
 * Serializes import transactions across processes until the transaction ends. On a PostgreSQL
 * server two imports may run at once (different data directories, one database); without this
 * both would create the same list, or give two people the same slug, and one would fail with a
 * unique-key error. Each batch is short, so concurrent imports simply take turns.
 */
export async function lockImports(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY.toString()}::bigint)`.execute(trx);
}

/** The rows already imported for these record ids of a list. */
export async function findListRecords(trx: Trx, listId: string, recordIds: readonly string[]): Promise<ListRecordRow[]> {
  if (recordIds.length === 0) return [];
  return trx
    .selectFrom("list_record")
    .selectAll()
    .where("list_id", "=", listId)
    .where("record_id", "in", recordIds as string[])
    .execute();
}

/** Records which person each imported row created. */
export async function insertListRecords(trx: Trx, rows: readonly NewListRecordRow[]): Promise<void> {
  const cols = ["list_id", "record_id", "person_id", "row_hash", "import_id"] as const;
  await copyRows(trx, "list_record", cols, rows.map((r) => cols.map((c) => r[c])));
}

/** Stores a changed row's new hash. */
export async function updateListRecordHash(trx: Trx, listId: string, recordId: string, hash: string, importId: string): Promise<void> {
  await trx
    .updateTable("list_record")
    .set({ row_hash: hash, import_id: importId })
    .where("list_id", "=", listId)
    .where("record_id", "=", recordId)
    .execute();
}

/** Starts an import run. */
export async function insertImportRun(
  trx: Trx,
  row: { id: string; list_id: string; file_sha256: string; total_rows: number; actor: string },
): Promise<void> {
  await trx.insertInto("import_run").values({ ...row, status: "running", done_rows: 0 }).execute();
}

/** Marks the runs of a list that are still "running" as interrupted. */
export async function markRunningRunsInterrupted(trx: Trx, listId: string): Promise<void> {
  await trx.updateTable("import_run").set({ status: "interrupted" }).where("list_id", "=", listId).where("status", "=", "running").execute();
}

/** Records progress or the end of an import run. */
export async function updateImportRun(
  trx: Trx,
  id: string,
  set: { done_rows?: number; status?: string; finished_at?: Date },
): Promise<void> {
  await trx.updateTable("import_run").set(set).where("id", "=", id).execute();
}

/** The import runs of a list, newest first. */
export async function findImportRuns(db: Db, listId: string): Promise<ImportRunRow[]> {
  return db.selectFrom("import_run").selectAll().where("list_id", "=", listId).orderBy("started_at", "desc").execute();
}

/** The list entity with this exact label, if any. */
export async function findListByLabel(db: Db, label: string): Promise<{ id: string } | undefined> {
  return db.selectFrom("entity").select("id").where("type", "=", "list").where("label", "=", label).executeTakeFirst();
}

/** Every list entity's id and stored label, oldest first (there are tens of lists, not thousands). */
export async function findListLabels(db: Db): Promise<{ id: string; label: string }[]> {
  return db.selectFrom("entity").select(["id", "label"]).where("type", "=", "list").orderBy("created_at").orderBy("id").execute();
}

/**
 * Refreshes the planner's statistics of the tables an import fills. PGlite has no autovacuum, so
 * without this the planner keeps believing the tables are as small as before the import and may
 * choose plans (for search above all) that read every entity.
 */
export async function analyzeImportedTables(db: Db): Promise<void> {
  await sql`ANALYZE entity, claim, list_record, sabt_derived.person_facet, sabt_derived.person_facet_key`.execute(db);
  await vacuumFacets(db);
}
