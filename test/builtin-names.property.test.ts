/**
 * Issue 13 across Sabt's lookup tables: every table that outside text is looked up in (list
 * headers and cells, linkage columns, claim properties and locators on the public site and in the
 * FtM export, URL segments, file extensions, bag manifests, backup table names, canonical JSON
 * keys) must treat JavaScript's built-in property names as the ordinary words they are there.
 * The name and date functions have their own tests beside them; the HTTP and CLI paths too.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateBag } from "../src/archive/index.ts";
import { claimMatches, typeFromExtension } from "../src/archive/sniff.ts";
import { inspectBackup } from "../src/backup/index.ts";
import type { PublicClaimRow, PublicEntityRow } from "../src/db/index.ts";
import { toFtm } from "../src/exports/index.ts";
import { parsePersonsCsv } from "../src/imports/index.ts";
import { linkRecords, LinkSettingsSchema, parseCsvRecords, VICTIM_LIST_SETTINGS } from "../src/linkage/index.ts";
import { genderCode } from "../src/linkage/fields.ts";
import { canonicalJson } from "../src/shared/canonical-json.ts";
import { isSabtError } from "../src/shared/errors.ts";
import { propertyName, typeName } from "../src/site/i18n/properties.ts";
import { formatLocator } from "../src/site/model/citations.ts";
import { typeOfSection } from "../src/site/paths.ts";
import { BUILTIN_NAMES, LEAKED, OBJECT_PROTOTYPE_NAMES, builtinName, nameWithBuiltin, namesHolding } from "./builtin-names.ts";
import { tempDir } from "./template.ts";

/** Headers a victim list may use for extra columns: built-in names that are valid column names and mean nothing else. */
const HEADER_NAMES = BUILTIN_NAMES.filter((n) => /^[a-z][a-z0-9_]{0,62}$/.test(n.toLowerCase()) && n.toLowerCase() !== "name");

describe("victim-list CSV files holding JavaScript built-in property names", () => {
  it("read them as names, every one alone and inside names, stored as written", () => {
    const texts = BUILTIN_NAMES.flatMap(namesHolding);
    const csv = ["record_id,full_name,first_name,last_name,father_name", ...texts.map((t, i) => `r${i},${t},${t},${t},${t}`)].join("\n");
    const r = parsePersonsCsv(csv);
    expect(r.problems).toEqual([]);
    expect(r.rows.map((row) => row.label)).toEqual(texts);
    for (const [i, row] of r.rows.entries()) {
      expect(row.values.map((v) => v.value)).toEqual([
        { type: "name", text: texts[i], kind: "full" },
        { type: "name", text: texts[i], kind: "given" },
        { type: "name", text: texts[i], kind: "family" },
        { type: "name", text: texts[i], kind: "father" },
      ]);
    }
  });

  it("read them as names in any spelling and position (property-based)", () => {
    fc.assert(
      fc.property(nameWithBuiltin, (text) => {
        const r = parsePersonsCsv(`record_id,full_name\n1,${text}`);
        expect(r.problems).toEqual([]);
        expect(r.rows[0]!.label).toBe(text.trim());
      }),
      { numRuns: 500 },
    );
  });

  it("take headers named after them as extra columns, stored under that property", () => {
    const csv = [`record_id,full_name,${HEADER_NAMES.join(",")}`, `1,Fictional Person,${HEADER_NAMES.map((n) => `value of ${n}`).join(",")}`].join("\n");
    const r = parsePersonsCsv(csv);
    expect(r.problems).toEqual([]);
    const extras = r.rows[0]!.values.slice(1);
    expect(extras.map((v) => [v.column, v.property, v.value])).toEqual(
      HEADER_NAMES.map((n) => [n.toLowerCase(), n.toLowerCase(), { type: "text", text: `value of ${n}` }]),
    );
  });

  it("refuse headers that are no column names (__proto__) with the usual message, not a crash", () => {
    for (const header of BUILTIN_NAMES.filter((n) => !HEADER_NAMES.includes(n) && n.toLowerCase() !== "name")) {
      const r = parsePersonsCsv(`record_id,full_name,${header}\n1,Fictional Person,x`);
      expect(r.problems, header).toEqual([{ row: 1, column: header, message: expect.stringMatching(/a column name must be/) }]);
    }
  });

  it("refuse them as genders with the gender message, however they are written (property-based)", () => {
    fc.assert(
      fc.property(builtinName, (word) => {
        const r = parsePersonsCsv(`record_id,full_name,gender\n1,Fictional Person,${word}`);
        expect(r.problems).toEqual([{ row: 2, column: "gender", message: expect.stringMatching(/is not a gender Sabt knows/) }]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("record linkage of lists holding JavaScript built-in property names", () => {
  it("reads a column named after any of them, and knows none of them as a gender", () => {
    for (const name of BUILTIN_NAMES) expect(genderCode(name.toLowerCase()), name).toBe("");
    const header = ["record_id", "full_name", "gender", "city", ...BUILTIN_NAMES.filter((n) => n !== "record_id")];
    const rows = [header.join(","), ...[1, 2].map((i) => [`r${i}`, "Reza constructor", "constructor", "__proto__", ...header.slice(4).map((n) => `${n}-${i}`)].join(","))];
    const records = parseCsvRecords(rows.join("\n"));
    expect(records[0]!["__proto__"]).toBe("__proto__-1");
    expect(Object.keys(records[0]!)).toEqual(header);
  });

  it("links records whose names, genders, places and columns are built-in names", () => {
    const settings = LinkSettingsSchema.parse({
      ...VICTIM_LIST_SETTINGS,
      fields: [...VICTIM_LIST_SETTINGS.fields!, { kind: "exact", name: "ctor", columns: ["constructor"] }],
    });
    const names = BUILTIN_NAMES.flatMap((n) => [`Reza ${n}`, `${n} Ahmadi`]);
    const csv = [
      "record_id,full_name,first_name,last_name,father_name,gender,birth,age,death_date,city,prison,constructor,__proto__",
      ...names.flatMap((n, i) => [
        `a${i},${n},,,constructor,constructor,1340,,1367,toString,__proto__,x,y`,
        `b${i},${n},,,constructor,m,1340,,1367,toString,__proto__,x,y`,
      ]),
    ].join("\n");
    const result = linkRecords(parseCsvRecords(csv), settings);
    expect(result.ids).toHaveLength(names.length * 2);
    expect(result.clusters).toHaveLength(names.length * 2);
  });

  it("refuses an id column named after one of them that the file lacks, as a validation error", () => {
    const settings = LinkSettingsSchema.parse({ ...VICTIM_LIST_SETTINGS, idColumn: "constructor" });
    let error: unknown;
    try {
      linkRecords(parseCsvRecords("record_id,full_name\nr1,Reza\n"), settings);
    } catch (e) {
      error = e;
    }
    expect(isSabtError(error) && error.id === "validation_failed", String(error)).toBe(true);
  });
});

const entity = (over: Partial<PublicEntityRow> = {}): PublicEntityRow => ({
  id: "e1",
  type: "person",
  slug: "fictional-person",
  label: "Fictional Person",
  is_fictional: true,
  created_at: new Date(0),
  updated_at: new Date(0),
  ...over,
});

const claimOf = (property: string, text: string): PublicClaimRow =>
  ({ id: `c-${property}`, entity_id: "e1", property, value_type: "text", value: { type: "text", text }, value_text: text, sources: [] }) as unknown as PublicClaimRow;

describe("public pages and exports of claims named after JavaScript built-in property names", () => {
  it("label a property or type by its own name, with spaces for underscores", () => {
    for (const name of OBJECT_PROTOTYPE_NAMES) {
      for (const lang of ["en", "fa"] as const) {
        expect(propertyName(lang, name), name).toBe(name.replace(/_/g, " "));
        expect(typeName(lang, name), name).toBe(name.replace(/_/g, " "));
      }
    }
    for (const name of BUILTIN_NAMES) expect(propertyName("en", name)).toEqual(expect.any(String));
  });

  it("write a locator field named after any of them as its name and value", () => {
    for (const name of BUILTIN_NAMES) {
      const locator = Object.fromEntries([[name, 7]]) as Record<string, number>;
      const text = formatLocator("en", locator);
      expect(text, name).not.toMatch(LEAKED);
      if (OBJECT_PROTOTYPE_NAMES.includes(name)) expect(text).toBe(`${name.replace(/_/g, " ")} 7`);
    }
  });

  it("know no site section by any of their names", () => {
    for (const name of BUILTIN_NAMES) expect(typeOfSection(name), name).toBeUndefined();
  });

  it("export a property named after any of them to the FtM notes, as written", () => {
    const claims = OBJECT_PROTOTYPE_NAMES.map((name) => claimOf(name, `value of ${name}`));
    const ftm = toFtm(entity(), claims, "sabt");
    expect(Object.keys(ftm.properties).sort()).toEqual(["name", "notes"]);
    expect(ftm.properties.notes).toEqual(OBJECT_PROTOTYPE_NAMES.map((name) => `${name}: value of ${name}`));
  });
});

describe("evidence files named after JavaScript built-in property names", () => {
  it("have no known media type by such an extension, and claim no other type by such a name", () => {
    for (const name of OBJECT_PROTOTYPE_NAMES) {
      expect(typeFromExtension(`scan.${name}`), name).toBeNull();
      expect(claimMatches(name, "image/png"), name).toBe(false);
    }
    for (const name of BUILTIN_NAMES) {
      const type = typeFromExtension(`scan.${name}`);
      expect(type === null || typeof type === "string", name).toBe(true);
    }
  });

  it("make a bag whose manifest names such an algorithm invalid, with a message, not a crash", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "data"));
    fs.writeFileSync(path.join(dir, "data", "a.txt"), "fictional\n");
    fs.writeFileSync(path.join(dir, "bagit.txt"), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    const sum = createHash("sha256").update("fictional\n").digest("hex");
    fs.writeFileSync(path.join(dir, "manifest-sha256.txt"), `${sum}  data/a.txt\n`);
    fs.writeFileSync(path.join(dir, "manifest-constructor.txt"), `${sum}  data/a.txt\n`);
    const result = await validateBag(dir);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(["manifest-constructor.txt: unsupported algorithm constructor"]);
  });
});

describe("backups and hashes holding JavaScript built-in property names", () => {
  it("count rows of a table named after one of them like any table's", async () => {
    const lines = [
      JSON.stringify({ format: "sabt-backup/1", createdAt: "2026-01-01T00:00:00.000Z" }),
      JSON.stringify({ t: "constructor", r: {} }),
      JSON.stringify({ t: "__proto__", r: {} }),
      JSON.stringify({ t: "__proto__", r: {} }),
    ];
    const sha256 = createHash("sha256").update(lines.map((l) => l + "\n").join("")).digest("hex");
    const trailer = `{"end":true,"counts":{"constructor":1,"__proto__":2},"blobs":0,"keyIds":[],"sha256":"${sha256}"}`;
    const file = path.join(tempDir(), "builtin.sabt-backup");
    fs.writeFileSync(file, zlib.gzipSync([...lines, trailer].join("\n") + "\n"));
    const info = await inspectBackup(file);
    expect(Object.entries(info.trailer.counts)).toEqual([
      ["constructor", 1],
      ["__proto__", 2],
    ]);
  });

  it("keep every key in canonical JSON, __proto__ included", () => {
    const value = JSON.parse('{"b":1,"__proto__":{"z":1,"a":2},"constructor":"x"}') as unknown;
    expect(canonicalJson(value)).toBe('{"__proto__":{"a":2,"z":1},"b":1,"constructor":"x"}');
  });
});
