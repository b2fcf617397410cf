import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor } from "../../test/factories.ts";
import { createFsBlobStore, findClaimIdsCitingItem } from "../archive/index.ts";
import { generateDemo } from "../demo/index.ts";
import { verifyAuditChain } from "../audit/index.ts";
import { tempDir } from "../../test/template.ts";
import { loadDemo } from "./demo.loader.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("loading the fictional demo collection", () => {
  it("creates every entity and claim, archives its documents cited by claims, and imports its lists", async () => {
    const demo = generateDemo({ victims: 120 });
    const r = await loadDemo(t.db, testActor, demo, { store: createFsBlobStore(tempDir()) });
    expect(r.entities).toBe(demo.entities.length + demo.archive.length);
    expect(r.claims).toBe(demo.claims.length);
    expect(r.listRows).toBe(demo.lists.reduce((n, l) => n + l.records.length, 0));
    const fictional = await t.db.selectFrom("entity").select("is_fictional").distinct().execute();
    expect(fictional).toEqual([{ is_fictional: true }]);
    const archived = [...r.ids.entries()].filter(([k]) => k.startsWith("archive:"));
    expect(archived.length).toBe(demo.archive.length);
    const cited = await Promise.all(archived.map(([, id]) => findClaimIdsCitingItem(t.db, id)));
    expect(cited.some((c) => c.length > 0)).toBe(true);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("leaves the planner knowing how many claims there are, so public pages are not planned as on empty tables", async () => {
    // Runs after the load above: PGlite never analyzes by itself, so without the loader's ANALYZE
    // the claim table's estimate is still that of an empty table.
    const r = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'claim'::regclass`.execute(t.db);
    const claims = await t.db.selectFrom("claim").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(r.rows[0]!.n).toBeGreaterThan(Number(claims.n) * 0.8);
  });
});
