/**
 * Issue 13 through the real `sabt import persons`, as a user runs it: a list whose names hold
 * JavaScript's built-in property names ("Reza constructor", "__proto__ Ahmadi") and whose extra
 * columns are named after them imports (exit 0) with every value stored as written, and each
 * person is then found by searching for their name. Before the fix, one such row aborted the whole
 * import with exit 70.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BUILTIN_NAMES, namesHolding } from "../../../test/builtin-names.ts";
import { runSabt } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { tempDir } from "../../../test/template.ts";
import { openDatabase } from "../../db/index.ts";
import { search } from "../../search/index.ts";
import { ANONYMOUS } from "../../shared/viewer.ts";

const freshDir = testDataDirs();

// Each case starts `sabt` processes (module loading plus opening the database), then searches
// for every imported name.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

/** Built-in names that are valid extra column headers (written in their own case) and mean nothing else. */
const HEADERS = BUILTIN_NAMES.filter((n) => /^[a-z][a-z0-9_]{0,62}$/.test(n.toLowerCase()) && n.toLowerCase() !== "name");

function writeCsv(rows: string[]): string {
  const file = path.join(tempDir(), "builtin-names.csv");
  fs.writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

describe("sabt import persons: names and headers that are JavaScript built-in property names", () => {
  it("imports every such name, alone and inside names, under such headers; stores each as written and finds it", async () => {
    const d = await freshDir();
    const names = BUILTIN_NAMES.flatMap(namesHolding);
    // Each row fills the extra column of one header, so every header carries a value somewhere.
    const rows = [
      `record_id,full_name@public,${HEADERS.join(",")}`,
      ...names.map((name, i) => [`r${i}`, name, ...HEADERS.map((_, h) => (h === i % HEADERS.length ? `extra ${i}` : ""))].join(",")),
    ];
    const r = await runSabt(["import", "persons", writeCsv(rows), "--list", "Fictional list of built-in names", "--json"], d.env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ rows: names.length, imported: names.length, unchanged: 0, errors: [], conflicts: [] });

    const h = await openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
    try {
      const records = await h.db.selectFrom("list_record").select(["record_id", "person_id"]).execute();
      const personOf = new Map(records.map((x) => [x.record_id, x.person_id]));
      expect(personOf.size).toBe(names.length);
      const claims = await h.db.selectFrom("claim").select(["entity_id", "property", "value_text"]).execute();
      const valuesOf = (personId: string) =>
        claims.filter((c) => c.entity_id === personId).map((c) => [c.property, c.value_text]).sort();
      for (const [i, name] of names.entries()) {
        const personId = personOf.get(`r${i}`)!;
        const extra = HEADERS[i % HEADERS.length]!.toLowerCase();
        expect(valuesOf(personId), name).toEqual([
          [extra, `extra ${i}`],
          ["name", name],
        ].sort());
        const found = (await search(h.db, ANONYMOUS, name, { limit: 100 })).map((hit) => hit.id);
        expect(found, name).toContain(personId);
      }
    } finally {
      await h.close();
    }
  });

  it("refuses a header that is no column name (__proto__) with one JSON error and exit 1, writing nothing", async () => {
    const d = await freshDir();
    const r = await runSabt(
      ["import", "persons", writeCsv(["record_id,full_name,__proto__", "1,Reza constructor,x"]), "--list", "Fictional list with a bad header", "--json"],
      d.env,
    );
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      rows: 1,
      imported: 0,
      unchanged: 0,
      errors: [{ row: 1, column: "__proto__", message: expect.stringMatching(/a column name must be/) }],
    });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const h = await openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
    try {
      expect(await h.db.selectFrom("list_record").select("record_id").execute()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
