/**
 * Refreshing the planner's statistics after a bulk change also vacuums the facets finding people
 * reads, so that index reads of them need not visit the table (PGlite never vacuums by itself),
 * and still works inside a transaction, where PostgreSQL refuses VACUUM. Before an export, the
 * public tables' statistics are refreshed only when stale. Fictional people only.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimCreateSchema, createClaims } from "../claims/index.ts";
import { createEntities } from "../entities/index.ts";
import { systemViewer } from "../shared/viewer.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { refreshPlannerStatistics, refreshStalePublicStatistics } from "./index.ts";

const viewer = systemViewer("test-statistics");
let t: TestDatabase;

async function allVisiblePages(): Promise<number> {
  const r = await sql<{ n: number }>`SELECT relallvisible::int AS n FROM pg_class WHERE oid = 'sabt_derived.person_facet_key'::regclass`.execute(t.db);
  return r.rows[0]?.n ?? -1;
}

describe("refreshing the planner's statistics", () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.transaction().execute(async (trx) => {
      const [list] = await createEntities(trx, viewer, [{ type: "list", label: "Fictional Statistics List", visibility: "public", isFictional: true }]);
      const people = await createEntities(
        trx,
        viewer,
        Array.from({ length: 300 }, (_, i) => ({ type: "person" as const, label: `Fictional Statistics Person ${i}`, visibility: "public" as const, isFictional: true })),
      );
      await createClaims(
        trx,
        viewer,
        people.map((p) => ClaimCreateSchema.parse({ entityId: p.id, property: "name", value: { type: "name", text: p.label, kind: "full" }, sources: [{ sourceId: list!.id }], visibility: "public" })),
      );
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it("leaves the facets' pages all visible, which ANALYZE alone does not", async () => {
    await sql`ANALYZE sabt_derived.person_facet_key`.execute(t.db);
    expect(await allVisiblePages()).toBe(0);
    await refreshPlannerStatistics(t.db);
    expect(await allVisiblePages()).toBeGreaterThan(0);
  });

  it("refreshes the public tables' statistics before an export only when a table grew by more than a tenth since", async () => {
    await refreshStalePublicStatistics(t.db);
    expect(await refreshStalePublicStatistics(t.db)).toBe(false);
    const planned = async () => (await sql<{ n: number }>`SELECT reltuples::int AS n FROM pg_class WHERE oid = 'entity'::regclass`.execute(t.db)).rows[0]!.n;
    const before = await planned();
    await t.db.transaction().execute((trx) =>
      createEntities(
        trx,
        viewer,
        Array.from({ length: 200 }, (_, i) => ({ type: "person" as const, label: `Fictional Statistics Newcomer ${i}`, visibility: "public" as const, isFictional: true })),
      ),
    );
    expect(await refreshStalePublicStatistics(t.db)).toBe(true);
    expect(await planned()).toBe(before + 200);
    expect(await refreshStalePublicStatistics(t.db)).toBe(false);
  });

  it("runs inside a transaction too, without the vacuum", async () => {
    await expect(t.db.transaction().execute((trx) => refreshPlannerStatistics(trx))).resolves.toBeUndefined();
  });
});
