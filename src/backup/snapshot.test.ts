import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor } from "../../test/factories.ts";
import { createEntity } from "../entities/index.ts";
import { enableBufferCache } from "./snapshot.repository.ts";
import { writeOutInSlices } from "./snapshot.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

/** How many pages of the buffer cache hold changes not yet in the data files (the extension lives in `sabt_backup`). */
async function countChangedPages(): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sabt_backup.pg_buffercache WHERE isdirty`.execute(db.db);
  return r.rows[0]?.n ?? 0;
}

/** Enough changed pages for several slices: rows spread over many pages of a table of its own. */
async function changeManyPages(round: number): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS backup_slice_probe (id int PRIMARY KEY, v text)`.execute(db.db);
  await sql`INSERT INTO backup_slice_probe SELECT i, repeat(${String(round)}, 400) FROM generate_series(1, 12000) i
            ON CONFLICT (id) DO UPDATE SET v = excluded.v`.execute(db.db);
}

// The embedded engine only: on PostgreSQL the backup is a repeatable-read dump, no checkpoint.
describe.skipIf(Boolean(process.env.DATABASE_URL))("writing out changed pages before the backup's start checkpoint", () => {
  it("leaves the checkpoint nothing to write, changes no data, and lets writes commit between its slices", async () => {
    expect(await enableBufferCache(db.db)).toBe(true);
    await changeManyPages(1);
    expect(await countChangedPages()).toBeGreaterThan(600);

    let done = false;
    const writeOut = writeOutInSlices(db.db).finally(() => (done = true));
    // Writes arriving while the pages are written out (as requests do, through the event loop).
    const written: string[] = [];
    while (!done) {
      await new Promise((r) => setImmediate(r));
      const label = `Fictional Slice Writer ${written.length}`;
      const e = await db.db.transaction().execute((trx) => createEntity(trx, testActor, { type: "person", label, visibility: "public", isFictional: true }));
      if (!done) written.push(e.id);
    }
    await writeOut;
    // Several writes committed before the last slice: the connection was never held throughout.
    expect(written.length).toBeGreaterThan(1);

    await writeOutInSlices(db.db);
    expect(await countChangedPages()).toBeLessThan(200);
    const probe = await sql<{ n: number; v: string }>`SELECT count(*)::int AS n, min(v) AS v FROM backup_slice_probe`.execute(db.db);
    expect(probe.rows[0]).toEqual({ n: 12000, v: "1".repeat(400) });
    const found = await db.db.selectFrom("entity").select("id").where("id", "in", written).execute();
    expect(found).toHaveLength(written.length);
  });
});
