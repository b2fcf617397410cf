import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_NAMES } from "../../test/builtin-names.ts";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor, uniq } from "../../test/factories.ts";
import { recordAudit } from "../audit/index.ts";
import { insertClaimRows, newClaimRow, resolveValue } from "../claims/index.ts";
import { copyRows, encodeCopyText, JsonText, type Db, type NewClaimRow } from "../db/index.ts";
import { insertEntitiesBulk } from "../entities/index.ts";
import { verifyIntegrity } from "../integrity/index.ts";
import { timeOrderedId } from "./claim-rows.ts";
import { runPersonImport } from "./index.ts";

let t: TestDatabase;
let sourceId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  sourceId = (await buildSource(t.db, { label: uniq("Copy source (fictional)") })).id;
});
afterAll(async () => {
  await t.close();
});

// Text that COPY's text format must escape or that a lookup table could mistake for its own.
const AWKWARD = [
  'a "quoted" name',
  "back\\slash and \\\\ two",
  "tab\there",
  "new\nline",
  "carriage\rreturn",
  "\\N",
  "\\.",
  "\\",
  "حسین رضایی‌پور (fictional)",
  "👤 Nasrin Golzari",
  "",
  "comma, and; semicolon",
  ...BUILTIN_NAMES,
];

describe("COPY's text format", () => {
  it("escapes backslash, tab, newline and carriage return, writes NULL as \\N and JSON as text", () => {
    const text = encodeCopyText([
      ["a\\b", "c\td", "e\nf", "g\rh", null, undefined, true, false, 12.5, new Date("1988-07-30T00:00:00Z"), { k: "v\n" }, new JsonText('{"x":"\\\\"}')],
    ]);
    expect(text).toBe('a\\\\b\tc\\td\te\\nf\tg\\rh\t\\N\t\\N\tt\tf\t12.5\t1988-07-30T00:00:00.000Z\t{"k":"v\\\\n"}\t{"x":"\\\\\\\\"}\n');
  });

  it("refuses NUL and unpaired surrogates with a stable error", () => {
    expect(() => encodeCopyText([["a\u0000b"]])).toThrow(expect.objectContaining({ id: "validation_failed" }));
    expect(() => encodeCopyText([["a\ud800b"]])).toThrow(expect.objectContaining({ id: "validation_failed" }));
  });
});

/** Claims of `entityId` holding every awkward text, as name and as free text, some confidential. */
function awkwardClaims(entityId: string, origin: string): NewClaimRow[] {
  const at = new Date("2026-12-06T12:00:00.123Z");
  return AWKWARD.flatMap((text, i) => {
    const base = { entityId, sources: [{ sourceId, locator: { record: "r\t1", row: 2 } }], editorial: false, confidence: "medium" as const, status: "asserted" as const };
    const name = text === "" ? [] : [newClaimRow({ ...base, property: "name", visibility: "public" }, resolveValue({ type: "name", text, kind: "full" }), "system:test", { at, origin: `${origin}:${i}` })];
    const note = newClaimRow({ ...base, property: "notes", visibility: i % 3 === 0 ? "confidential" : "team" }, resolveValue({ type: "text", text: `${text}` }), "system:test", { at, origin: `${origin}:${i}` });
    const date = newClaimRow({ ...base, property: "death", visibility: "public" }, resolveValue({ type: "date", text: "1367/05/10", calendar: "jalali" }), "system:test", { at, origin: `${origin}:${i}` });
    return [...name, note, date];
  });
}

/** The stored claims of an entity without their ids, in a stable order. */
async function storedClaims(db: Db, entityId: string): Promise<unknown[]> {
  const r = await sql<{ row: Record<string, unknown> }>`
    SELECT to_jsonb(c) - 'id' - 'entity_id' AS row FROM claim c WHERE entity_id = ${entityId} ORDER BY origin, property`.execute(db);
  return r.rows.map((x) => x.row);
}

describe("the COPY path", () => {
  it("stores the same claim rows as the JSON row sets did, for awkward text", async () => {
    const viaCopy = await buildEntity(t.db, { type: "person", label: uniq("Copy person (fictional)") });
    const viaJson = await buildEntity(t.db, { type: "person", label: uniq("Json person (fictional)") });
    // Team and public rows only: the previous path below does not seal (the sealed form is random).
    const copyRowsOf = awkwardClaims(viaCopy.id, "o").filter((r) => r.visibility !== "confidential");
    const jsonRowsOf = awkwardClaims(viaJson.id, "o").filter((r) => r.visibility !== "confidential");
    // In a transaction rolled back at the end: the previous path's rows have no commitments, which
    // the later verification would rightly report.
    const rollback = new Error("rolled back");
    await expect(
      t.db.transaction().execute(async (trx) => {
        await insertClaimRows(trx, copyRowsOf);
        // The previous path, as it was: the rows as one JSON document expanded by the database.
        const json = `[${jsonRowsOf.map(({ value, sources, ...rest }) => `${JSON.stringify(rest).slice(0, -1)},"value":${value},"sources":${sources}}`).join(",")}]`;
        await sql`INSERT INTO claim (id, entity_id, property, value_type, value, value_text, search_key, ref_id, date_earliest, date_latest, num_value,
            sources, editorial, confidence, confidence_rule, visibility, status, preferred, preferred_reason, origin, author, version, unparsed, created_at, updated_at, review)
          SELECT id, entity_id, property, value_type, value, value_text, search_key, ref_id, date_earliest, date_latest, num_value,
            sources, editorial, confidence, confidence_rule, visibility, status, preferred, preferred_reason, origin, author, version, unparsed, created_at, updated_at,
            coalesce(review, 'approved')
          FROM jsonb_populate_recordset(NULL::claim, ${json}::jsonb)`.execute(trx);
        const a = await storedClaims(trx, viaCopy.id);
        expect(a).toHaveLength(copyRowsOf.length);
        expect(a).toEqual(await storedClaims(trx, viaJson.id));
        // And exactly the text given, read back.
        const texts = await trx.selectFrom("claim").select("value_text").where("entity_id", "=", viaCopy.id).where("property", "=", "notes").execute();
        expect(texts.map((x) => x.value_text).sort()).toEqual(copyRowsOf.filter((r) => r.property === "notes").map((r) => r.value_text).sort());
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });

  it("commits every new version with the digest of the row as stored, sealed values included", async () => {
    const person = await buildEntity(t.db, { type: "person", label: uniq("Digest person (fictional)") });
    const rows = awkwardClaims(person.id, "d");
    expect(rows.some((r) => r.visibility === "confidential")).toBe(true);
    const at = new Date();
    const people = AWKWARD.slice(0, 40).map((label, i) => ({
      id: timeOrderedId(),
      type: "person",
      slug: `copy-digest-${i}-${uniq("s").slice(-6)}`.toLowerCase(),
      label: label === "" ? "(empty)" : label,
      visibility: i % 4 === 0 ? ("confidential" as const) : ("team" as const),
      is_fictional: true,
      version: 1,
      created_by: "system:test",
      created_at: at,
      updated_at: at,
    }));
    await t.db.transaction().execute(async (trx) => {
      await insertEntitiesBulk(trx, people);
      await insertClaimRows(trx, rows);
      await recordAudit(trx, testActor, { action: "test.copy", objectType: "entity", objectId: person.id });
    });
    // The digests were computed from the rows written, without reading them back: verification
    // reads them back and must agree for every one.
    const report = await verifyIntegrity(t.db, testConfig({ SABT_DATA_DIR: t.dataDir }));
    expect(report.problems).toEqual([]);
    const committed = await t.db.selectFrom("version_commitment").select("object_id").where("object_id", "in", [...rows.map((r) => r.id), ...people.map((p) => p.id)]).execute();
    expect(committed).toHaveLength(rows.length + people.length);
  });

  it("writes nothing of a batch whose COPY fails, and the connection serves the next query", async () => {
    const before = await t.db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const orphan = awkwardClaims("no-such-entity", "x").slice(0, 3);
    const good = await buildEntity(t.db, { type: "person", label: uniq("Rollback person (fictional)") });
    await expect(
      t.db.transaction().execute(async (trx) => {
        await insertClaimRows(trx, awkwardClaims(good.id, "y"));
        await insertClaimRows(trx, orphan);
      }),
    ).rejects.toThrow();
    await expect(copyRows(t.db, "claim", ["id"], [["a\u0000"]])).rejects.toMatchObject({ id: "validation_failed" });
    const after = await t.db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("imports a list whose cells hold awkward text exactly, and the collection verifies", async () => {
    const names = AWKWARD.filter((n) => n.trim() !== "" && !/[\r\n]/.test(n));
    const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
    // Numbers, dates and cells kept unread (`unparsed`) too: every kind of column a list fills.
    const csv = [
      "record_id,full_name@public,notes@confidential,prison,age,birth",
      ...names.map((n, i) => [`r-${i}`, `${n} (fictional)`, `${n}\nsecond line`, n, `${20 + (i % 40)}`, i % 5 === 0 ? `not a date ${n}` : "1340"].map(q).join(",")),
    ].join("\n");
    const listName = uniq("Awkward list (fictional)");
    const report = await runPersonImport(t.db, testActor, csv, { listName, batchSize: 50, isFictional: true, keepUnparsed: true });
    expect(report.unparsed?.length).toBeGreaterThan(0);
    expect(report.errors).toEqual([]);
    expect(report.imported).toBe(names.length);
    const labels = await t.db
      .selectFrom("list_record")
      .innerJoin("entity", "entity.id", "list_record.person_id")
      .select(["list_record.record_id", "entity.label"])
      .where("list_record.record_id", "like", "r-%")
      .where("entity.created_by", "=", "system:test")
      .execute();
    const byRecord = new Map(labels.map((l) => [l.record_id, l.label]));
    names.forEach((n, i) => expect(byRecord.get(`r-${i}`)).toBe(`${n} (fictional)`));
    const report2 = await verifyIntegrity(t.db, testConfig({ SABT_DATA_DIR: t.dataDir }));
    expect(report2.problems).toEqual([]);
  });
});
