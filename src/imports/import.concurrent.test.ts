import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor, uniq } from "../../test/factories.ts";
import { editClaim, getClaim } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { runPersonImport } from "./index.ts";

// Only a server runs two transactions at once; the embedded engine has one connection, so an
// editor's change can never land between an import batch's read and its write there.
const onServer = Boolean(process.env.DATABASE_URL);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const HEADER = "record_id,full_name@public,prison";

/** Resolves once some query of this database waits for a row lock (the import's write). */
async function someoneWaitsForALock(db: Db): Promise<void> {
  for (;;) {
    const r = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db);
    if ((r.rows[0]?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!onServer)("an import that meets an editor's concurrent change", () => {
  it("leaves the editor's version, and reports the value it did not overwrite", async () => {
    const list = uniq("Fictional concurrent list");
    const first = await runPersonImport(t.db, testActor, `${HEADER}\nc-1,Fictional Parviz Namdar,Evin`, { listName: list });
    expect(first.imported).toBe(1);
    const prison = await t.db
      .selectFrom("claim")
      .select(["id", "version"])
      .where("origin", "like", "list:%:c-1:prison")
      .where("value_text", "=", "Evin")
      .executeTakeFirstOrThrow();

    // The editor's transaction changes the value and holds its row lock until the import's
    // batch, having read the old version, waits on that lock to write the list's new value.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const editor = t.db.transaction().execute(async (trx) => {
      await editClaim(trx, testActor, prison.id, {
        version: prison.version,
        value: { type: "text", text: "Ghezel Hesar (an editor's correction)" },
        reason: "the family's testimony",
      });
      await released;
    });
    const reimport = runPersonImport(t.db, testActor, `${HEADER}\nc-1,Fictional Parviz Namdar,Gohardasht`, { listName: list });
    await someoneWaitsForALock(t.db);
    release();
    await editor;
    const report = await reimport;

    expect(report.keptEdits).toEqual([{ recordId: "c-1", column: "prison", claimId: prison.id }]);
    const now = await getClaim(t.db, testActor, prison.id);
    expect(now.valueText).toBe("Ghezel Hesar (an editor's correction)");
    expect(now.version).toBe(prison.version + 1);
  });
});
