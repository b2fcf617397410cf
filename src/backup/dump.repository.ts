import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";

/**
 * Tables in an order that satisfies foreign keys on restore. Any table not listed here (added by
 * a later migration) is dumped after these, in name order; list it here when it has foreign keys.
 */
const ORDER = [
  "entity",
  "entity_slug",
  "claim",
  "revision",
  "audit_log",
  "import_run",
  "list_record",
  "app_user",
  "api_token",
  // Lists: runs before the pairs, members and estimates that name them; events before the
  // decisions that name them (a revert names an earlier event, and pages go in id order).
  "link_run",
  "link_pair",
  "link_member",
  "link_event",
  "link_decision",
  "estimate_run",
];

/** The user tables of the schema (not Kysely's migration bookkeeping), in restore order. */
export async function findDumpTables(db: Db | Trx): Promise<string[]> {
  const r = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'`.execute(db);
  const all = r.rows.map((x) => x.table_name);
  const known = ORDER.filter((t) => all.includes(t));
  const rest = all.filter((t) => !ORDER.includes(t)).sort();
  return [...known, ...rest];
}

/** The insertable (non-generated) columns and the primary-key columns of a table. */
export async function findTableColumns(db: Db | Trx, table: string): Promise<{ columns: string[]; key: string[] }> {
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
export async function countRows(db: Db | Trx, table: string): Promise<number> {
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
