import type { Db, Trx } from "../db/index.ts";
import { findDumpTables, findTableColumns, findTablePage, insertJsonRows, resetSequences, setUtc, countRows } from "./dump.repository.ts";

/** One line of a dump: a table's row. */
export interface DumpLine {
  t: string;
  r: Record<string, unknown>;
}

/**
 * Streams every row of every table as exact JSON, table by table in restore order and rows in
 * primary-key order, from one consistent snapshot (a single read transaction).
 */
export async function dumpAll(db: Db, write: (line: DumpLine) => Promise<void> | void, onTable?: (table: string, rows: number) => void): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
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
  });
  return counts;
}

/** Row counts of every table (restore checks them against the backup's manifest). */
export async function countAll(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await findDumpTables(db)) out[t] = await countRows(db, t);
  return out;
}

/** A sink that inserts dumped rows table by table in batches, inside one transaction. */
export function createLoader(trx: Trx) {
  const columnsOf = new Map<string, string[]>();
  let table = "";
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    let cols = columnsOf.get(table);
    if (!cols) {
      cols = (await findTableColumns(trx, table)).columns;
      columnsOf.set(table, cols);
    }
    await insertJsonRows(trx, table, cols, batch);
    batch = [];
  };
  return {
    async add(line: DumpLine) {
      if (line.t !== table) {
        await flush();
        table = line.t;
      }
      batch.push(line.r);
      if (batch.length >= 2000) await flush();
    },
    async finish() {
      await flush();
      await resetSequences(trx);
    },
    async knownTables() {
      return findDumpTables(trx);
    },
  };
}
