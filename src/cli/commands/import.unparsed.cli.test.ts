/**
 * Issue 12 through the real `sabt import persons`, as a user runs it: a list with cells Sabt cannot
 * read (a negative age, a bare year whose calendar cannot be told, JavaScript's built-in names where
 * an age, a gender or a date belongs). Without `--keep-unparsed` the file is refused whole; with it
 * the rest imports, the cells are kept as team-only text and listed, and a second run changes nothing.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { BUILTIN_NAMES } from "../../../test/builtin-names.ts";
import { runSabt } from "../../../test/cli.ts";
import { testDataDirs } from "../../../test/db.ts";
import { tempDir } from "../../../test/template.ts";
import { openDatabase } from "../../db/index.ts";

const freshDir = testDataDirs();

// Each case starts `sabt` processes (module loading plus opening the database).
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

// Built-in names that a CSV cell holds as written (no comma, quote or line end).
const WORDS = BUILTIN_NAMES.filter((n) => !/[,"\r\n]/.test(n)).slice(0, 12);

const ROWS = [
  "record_id,full_name@public,age@public,birth@public,gender,prison@public",
  "m1,Fictional Messy One,27,1340,m,Evin",
  "m2,Fictional Messy Two,-5,1250,f,Evin",
  ...WORDS.map((w, i) => `w${i},Fictional ${w},${w},${w},${w},Evin`),
];
// Row 3 (m2): two cells; rows 4…: three cells each.
const UNREAD = 2 + WORDS.length * 3;

function writeCsv(rows: string[]): string {
  const file = path.join(tempDir(), "messy.csv");
  fs.writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

type Dir = Awaited<ReturnType<typeof freshDir>>;

/** Reads the claims of the data directory back after `sabt` exited. */
async function storedClaims(d: Dir) {
  const h = await openDatabase({ dataDir: d.dataDir, databaseUrl: d.env.DATABASE_URL }, { migrate: false });
  try {
    return await h.db.selectFrom("claim").select(["id", "property", "value_text", "visibility", "unparsed", "version", "origin"]).orderBy("id").execute();
  } finally {
    await h.close();
  }
}

describe("sabt import persons: cells Sabt cannot read", () => {
  it("refuses the whole file by default, saying which cells and how to keep them", async () => {
    const d = await freshDir();
    const file = writeCsv(ROWS);
    const json = await runSabt(["import", "persons", file, "--list", "Fictional messy list", "--json"], d.env);
    expect(json.code, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as { errors: { row: number; column: string; message: string }[] };
    expect(report.errors).toHaveLength(UNREAD);
    expect(report.errors.slice(0, 2)).toEqual([
      { row: 3, column: "age@public", message: '"-5" is not an age in years (0 to 120)' },
      { row: 3, column: "birth@public", message: expect.stringMatching(/cannot tell the calendar of year 1250/) },
    ]);
    const text = await runSabt(["import", "persons", file, "--list", "Fictional messy list"], d.env);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/nothing was imported/);
    expect(text.stderr).toMatch(new RegExp(`${UNREAD} of them are cells Sabt cannot read: --keep-unparsed`));
    expect(text.stderr).not.toMatch(/\n\s+at /);
    expect(await storedClaims(d)).toEqual([]);
  });

  it("with --keep-unparsed imports the rest, keeps those cells as team-only text, lists them, and a re-run changes nothing", async () => {
    const d = await freshDir();
    const file = writeCsv(ROWS);
    const args = ["import", "persons", file, "--list", "Fictional messy list", "--keep-unparsed", "--json"];
    const first = await runSabt(args, d.env);
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as { rows: number; imported: number; unparsed: { row: number; column: string; message: string }[] };
    expect(report).toMatchObject({ rows: ROWS.length - 1, imported: ROWS.length - 1, unchanged: 0, keptEdits: [], errors: [] });
    expect(report.unparsed).toHaveLength(UNREAD);
    expect(report.unparsed[0]).toEqual({ row: 3, column: "age@public", message: '"-5" is not an age in years (0 to 120)' });
    expect(report.unparsed.slice(2, 5).map((u) => [u.row, u.column])).toEqual([
      [4, "age@public"],
      [4, "birth@public"],
      [4, "gender"],
    ]);

    const claims = await storedClaims(d);
    const unread = claims.filter((c) => c.unparsed !== null);
    expect(unread).toHaveLength(UNREAD);
    // Never public, though their columns are @public; stored exactly as the list wrote them.
    expect(new Set(unread.map((c) => c.visibility))).toEqual(new Set(["team"]));
    expect(unread.filter((c) => c.origin!.endsWith(":age")).map((c) => c.value_text).sort()).toEqual(["-5", ...WORDS].sort());
    // The rest of every row is there, the readable cells read.
    expect(claims.filter((c) => c.property === "prison")).toHaveLength(ROWS.length - 1);
    expect(claims.find((c) => c.origin!.endsWith(":m1:age"))).toMatchObject({ value_text: "27 years", unparsed: null, visibility: "public" });

    const again = await runSabt(args, d.env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, unchanged: ROWS.length - 1, keptEdits: [], errors: [] });
    expect(await storedClaims(d)).toEqual(claims);
  });
});
