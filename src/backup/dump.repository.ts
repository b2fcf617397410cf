import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";

/** A foreign key: `columns` of `table` reference `refColumns` of `refTable`. */
export interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/** Every foreign key between tables of the schema. */
export async function findForeignKeys(db: Db): Promise<ForeignKey[]> {
  const r = await sql<{ tbl: string; ref: string; cols: string[]; refcols: string[] }>`
    SELECT c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS ref,
      ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS cols,
      ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
            JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS refcols
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = current_schema()
    ORDER BY 1, 2, c.conname`.execute(db);
  return r.rows.map((x) => ({ table: x.tbl, columns: x.cols, refTable: x.ref, refColumns: x.refcols }));
}

/** The user tables of the schema (not Kysely's migration bookkeeping), in name order. */
export async function findUserTables(db: Db): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely%'
    ORDER BY table_name`.execute(db);
  return r.rows.map((x) => x.table_name);
}

/** The distinct stored files that archive items name, in hash order. */
export async function findArchiveBlobHashes(db: Db): Promise<string[]> {
  const r = await db.selectFrom("archive_item").select("sha256").distinct().orderBy("sha256").execute();
  return r.map((x) => x.sha256);
}

/**
 * Makes the rest of the transaction read one snapshot and write nothing. PostgreSQL's default
 * (read committed) gives every statement a new snapshot, so a dump read page by page while the
 * server keeps writing would mix states (an audit entry without the claim it records).
 * Must be the first statement of the transaction.
 */
export async function startReadSnapshot(trx: Trx): Promise<void> {
  await sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`.execute(trx);
}

/** The insertable (non-generated) columns and the primary-key columns of a table. */
export async function findTableColumns(db: Db, table: string): Promise<{ columns: string[]; key: string[] }> {
  const cols = await sql<{ column_name: string }>`
    SELECT column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
    ORDER BY ordinal_position`.execute(db);
  const key = await sql<{ column_name: string }>`
    SELECT a.attname AS column_name
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    WHERE i.indrelid = ${table}::regclass AND i.indisprimary
    ORDER BY array_position(i.indkey, a.attnum)`.execute(db);
  return { columns: cols.rows.map((c) => c.column_name), key: key.rows.map((k) => k.column_name) };
}

/**
 * Reads a page of a table as exact JSON (timestamps, numerics and jsonb as PostgreSQL renders
 * them), in primary-key order after the given key (keyset paging, so large tables stay fast).
 * Run inside a transaction with TimeZone UTC.
 */
export async function findTablePage(
  trx: Trx,
  table: string,
  columns: readonly string[],
  key: readonly string[],
  after: readonly unknown[] | null,
  limit: number,
): Promise<Record<string, unknown>[]> {
  const cols = sql.join(columns.map((c) => sql.ref(`t.${c}`)));
  const keyCols = sql.join(key.map((k) => sql.ref(`t.${k}`)));
  const where = after ? sql`WHERE (${keyCols}) > (${sql.join(after.map((v) => sql`${String(v)}`))})` : sql``;
  const r = await sql<{ r: Record<string, unknown> }>`
    SELECT to_jsonb(x) AS r FROM (SELECT ${cols} FROM ${sql.table(table)} t ${where} ORDER BY ${keyCols} LIMIT ${limit}) x`.execute(trx);
  return r.rows.map((x) => x.r);
}

/** Makes timestamps render in UTC for the rest of the transaction, so dumps are engine-independent. */
export async function setUtc(trx: Trx): Promise<void> {
  await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
}

/** Inserts rows given as JSON objects, letting PostgreSQL convert every value exactly. */
export async function insertJsonRows(trx: Trx, table: string, columns: readonly string[], rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = sql.join(columns.map((c) => sql.ref(c)));
  await sql`
    INSERT INTO ${sql.table(table)} (${cols})
    SELECT ${cols} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(trx);
}

/** How many rows a table has. */
export async function countRows(db: Db, table: string): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*)::text AS n FROM ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Sets every sequence-backed column (the lists' event and decision ids) past the restored rows. */
export async function resetSequences(trx: Trx): Promise<void> {
  const r = await sql<{ seq: string; tbl: string; col: string }>`
    SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
    FROM pg_class s JOIN pg_depend d ON d.objid = s.oid
    JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    WHERE s.relkind = 'S'`.execute(trx);
  for (const row of r.rows) {
    await sql`SELECT setval(${row.seq}, COALESCE((SELECT max(${sql.ref(row.col)}) FROM ${sql.table(row.tbl)}), 0) + 1, false)`.execute(trx);
  }
}
