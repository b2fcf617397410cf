import type { Db, Trx } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import {
  countRows,
  findArchiveBlobHashes,
  findForeignKeys,
  findTableColumns,
  findTablePage,
  findUserTables,
  insertJsonRows,
  resetSequences,
  setUtc,
  startReadSnapshot,
  type ForeignKey,
} from "./dump.repository.ts";

/** One line of a dump: a table's row. */
export interface DumpLine {
  t: string;
  r: Record<string, unknown>;
}

/**
 * Orders tables so that every table comes after the tables its foreign keys reference (ties in
 * name order). Read from the catalog, so a table added by a later migration is placed correctly
 * without being listed anywhere.
 */
export function orderTablesForRestore(tables: readonly string[], keys: readonly ForeignKey[]): string[] {
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const k of keys) if (k.table !== k.refTable && deps.has(k.refTable)) deps.get(k.table)?.add(k.refTable);
  const out: string[] = [];
  const placed = new Set<string>();
  while (out.length < tables.length) {
    const ready = [...deps].filter(([t, d]) => !placed.has(t) && [...d].every((x) => placed.has(x))).map(([t]) => t);
    // A cycle between tables (none today) cannot be ordered: append the rest in name order.
    const next = ready.length > 0 ? ready.sort() : tables.filter((t) => !placed.has(t)).sort();
    for (const t of next) {
      placed.add(t);
      out.push(t);
    }
  }
  return out;
}

/** The user tables of the schema in an order that satisfies foreign keys on restore. */
export async function findDumpTables(db: Db): Promise<string[]> {
  return orderTablesForRestore(await findUserTables(db), await findForeignKeys(db));
}

/**
 * Streams every row of every table as exact JSON, table by table in restore order and rows in
 * primary-key order, from one consistent snapshot (a single repeatable-read transaction).
 * `onBlobs` hears the stored files the archive names in that same snapshot.
 */
export async function dumpAll(
  db: Db,
  write: (line: DumpLine) => Promise<void> | void,
  onTable?: (table: string, rows: number) => void,
  onBlobs?: (sha256s: string[]) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    await startReadSnapshot(trx);
    await setUtc(trx);
    for (const table of await findDumpTables(trx)) {
      const { columns, key } = await findTableColumns(trx, table);
      let after: unknown[] | null = null;
      let n = 0;
      for (;;) {
        const page = await findTablePage(trx, table, columns, key, after, 5000);
        for (const r of page) await write({ t: table, r });
        n += page.length;
        if (page.length < 5000) break;
        const last = page[page.length - 1]!;
        after = key.map((k) => last[k]);
      }
      counts[table] = n;
      onTable?.(table, n);
    }
    if (onBlobs) onBlobs(await findArchiveBlobHashes(trx));
  });
  return counts;
}

/** Row counts of every table (restore checks them against the backup's manifest). */
export async function countAll(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await findUserTables(db)) out[t] = await countRows(db, t);
  return out;
}

/**
 * Puts the rows of a self-referencing table (a derived archive item names its original, a
 * revert names the event it reverts) in an order where every referenced row comes first.
 */
export function orderSelfReferencing(rows: readonly Record<string, unknown>[], keys: readonly ForeignKey[]): Record<string, unknown>[] {
  const id = (r: Record<string, unknown>, cols: readonly string[]) => (cols.some((c) => r[c] === null || r[c] === undefined) ? null : JSON.stringify(cols.map((c) => r[c])));
  const pending = new Set(rows);
  const out: Record<string, unknown>[] = [];
  while (pending.size > 0) {
    const waiting = new Set<string>();
    for (const r of pending) for (const k of keys) waiting.add(id(r, k.refColumns) ?? "");
    const ready = [...pending].filter((r) => keys.every((k) => {
      const parent = id(r, k.columns);
      return parent === null || !waiting.has(parent) || parent === id(r, k.refColumns);
    }));
    // A cycle cannot be ordered; insert the rest as they are and let the database say why.
    const next = ready.length > 0 ? ready : [...pending];
    for (const r of next) {
      pending.delete(r);
      out.push(r);
    }
  }
  return out;
}

/**
 * A sink that inserts dumped rows table by table in batches, inside one transaction. Rows of a
 * self-referencing table are held until the table ends and then inserted parents first; a column
 * this schema does not have is refused (inserting would silently drop its values).
 */
export async function createLoader(trx: Trx) {
  const keys = await findForeignKeys(trx);
  const tables = new Set(await findUserTables(trx));
  const columnsOf = new Map<string, Set<string>>();
  let table = "";
  let batch: Record<string, unknown>[] = [];
  const columns = async (t: string) => {
    let cols = columnsOf.get(t);
    if (!cols) {
      cols = new Set((await findTableColumns(trx, t)).columns);
      columnsOf.set(t, cols);
    }
    return cols;
  };
  const selfKeys = (t: string) => keys.filter((k) => k.table === t && k.refTable === t);
  const insert = async (rows: Record<string, unknown>[]) => {
    for (let i = 0; i < rows.length; i += 2000) await insertJsonRows(trx, table, [...(await columns(table))], rows.slice(i, i + 2000));
  };
  const flush = async (end: boolean) => {
    if (batch.length === 0) return;
    const self = selfKeys(table);
    if (self.length > 0) {
      if (!end) return;
      await insert(orderSelfReferencing(batch, self));
    } else {
      await insert(batch);
    }
    batch = [];
  };
  return {
    /** Adds one row. @throws SabtError integrity_failed for an unknown table or column. */
    async add(line: DumpLine) {
      if (line.t !== table) {
        await flush(true);
        if (!tables.has(line.t)) throw new SabtError("integrity_failed", `The backup has rows for a table this version of Sabt does not have (${line.t})`);
        table = line.t;
      }
      const cols = await columns(table);
      for (const c of Object.keys(line.r)) {
        if (!cols.has(c)) throw new SabtError("integrity_failed", `The backup has a column this version of Sabt does not have (${table}.${c})`);
      }
      batch.push(line.r);
      if (batch.length >= 2000) await flush(false);
    },
    /** Inserts what is held and moves every sequence past the restored ids. */
    async finish() {
      await flush(true);
      await resetSequences(trx);
    },
  };
}
