import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor, uniq } from "../../test/factories.ts";
import { BUILTIN_NAMES } from "../../test/builtin-names.ts";
import { editClaim, getClaim, listClaimRevisions, listClaims } from "../claims/index.ts";
import { search } from "../search/index.ts";
import { editEntity, getEntity } from "../entities/index.ts";
import { ANONYMOUS, type Role, type Viewer } from "../shared/viewer.ts";
import { dismissUnparsedCell, listUnparsedCells, resolveUnparsedCell, runPersonImport } from "./index.ts";
import { findListByLabel } from "./import.repository.ts";
import { parsePersonsCsv } from "./persons.csv.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const HEADER = "record_id,full_name@public,age@public,birth@public,gender,prison@public,secret@confidential";
// Row u2 holds an impossible age and a bare year whose calendar cannot be told (1250: Sabt reads bare years as Solar Hijri only from 1300).
const MESSY = [
  HEADER,
  "u1,Fictional Unparsed One,27,1340,m,Evin,",
  "u2,Fictional Unparsed Two,-5,1250,f,Evin,",
].join("\n");

const personOf = async (list: string, recordId: string) => {
  const listId = (await findListByLabel(t.db, list))!.id;
  const r = await t.db
    .selectFrom("list_record")
    .select("person_id")
    .where("list_id", "=", listId)
    .where("record_id", "=", recordId)
    .executeTakeFirstOrThrow();
  return r.person_id;
};

const unparsedClaims = (personId: string) =>
  t.db
    .selectFrom("claim")
    .select(["id", "property", "value_text", "visibility", "unparsed", "status", "version"])
    .where("entity_id", "=", personId)
    .where("unparsed", "is not", null)
    .orderBy("property")
    .execute();

describe("reading a messy list", () => {
  it("refuses cells it cannot read by default, and keeps them as unread text when asked", () => {
    const strict = parsePersonsCsv(MESSY);
    expect(strict.rows).toEqual([]);
    expect(strict.problems.map((p) => [p.row, p.column])).toEqual([
      [3, "age@public"],
      [3, "birth@public"],
    ]);
    expect(strict.problems[1]!.message).toMatch(/cannot tell the calendar of year 1250/);

    const kept = parsePersonsCsv(MESSY, { keepUnparsed: true });
    expect(kept.problems).toEqual([]);
    expect(kept.unparsed).toEqual(strict.problems);
    const two = kept.rows.find((r) => r.recordId === "u2")!;
    expect(two.values.filter((v) => v.unparsed !== undefined)).toEqual([
      { column: "age", property: "age_at_death", value: { type: "text", text: "-5" }, visibility: "team", unparsed: expect.stringMatching(/^the value is not an age/) },
      { column: "birth", property: "birth_date", value: { type: "text", text: "1250" }, visibility: "team", unparsed: expect.stringMatching(/^cannot tell the calendar of year …:/) },
    ]);
  });

  it("keeps no cell text in the stored reason, whatever the cell's visibility (the reason is never sealed)", () => {
    const r = parsePersonsCsv("record_id,full_name,age@public,birth@team,gender\nw1,Fictional W,canary-age-77,1249,canary gender 6\n", { keepUnparsed: true });
    expect(r.problems).toEqual([]);
    const kept = r.rows[0]!.values.filter((v) => v.unparsed !== undefined);
    expect(kept.map((v) => v.column)).toEqual(["age", "birth", "gender"]);
    for (const v of kept) {
      expect(v.unparsed, v.column).not.toMatch(/canary|77|1249|gender 6/);
      expect(v.unparsed, v.column).not.toBe("");
    }
    // The report of the import (never stored) still quotes each cell.
    expect(r.unparsed.map((p) => p.message).join(" ")).toMatch(/canary-age-77.*1249.*canary gender 6/s);
  });

  it("never keeps a name unread, and keeps no cell text in the reason stored for a confidential cell", () => {
    const r = parsePersonsCsv("record_id,full_name,age@confidential\nv1,Fictional V,canary-age-77\n", { keepUnparsed: true });
    expect(r.problems).toEqual([]);
    const age = r.rows[0]!.values.find((v) => v.column === "age")!;
    expect(age.visibility).toBe("confidential");
    expect(age.unparsed).not.toContain("canary");
    expect(r.unparsed[0]!.message).toContain("canary-age-77");
  });
});

describe("importing a messy list with keepUnparsed", () => {
  it("imports the rest of each row, keeps each unread cell as a team-only text claim, and reports it", async () => {
    const list = uniq("Fictional messy list A");
    const r = await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    expect(r).toEqual({
      rows: 2,
      imported: 2,
      unchanged: 0,
      keptEdits: [],
      errors: [],
      unparsed: [
        { row: 3, column: "age@public", message: expect.stringMatching(/-5/) },
        { row: 3, column: "birth@public", message: expect.stringMatching(/1250/) },
      ],
    });
    const two = await personOf(list, "u2");
    expect(await unparsedClaims(two)).toEqual([
      expect.objectContaining({ property: "age_at_death", value_text: "-5", visibility: "team", status: "asserted" }),
      expect.objectContaining({ property: "birth_date", value_text: "1250", visibility: "team", status: "asserted" }),
    ]);
    // The rest of the row is there, public where its column says so.
    const publicProps = (await listClaims(t.db, ANONYMOUS, two)).map((c) => c.property).sort();
    expect(publicProps).toEqual(["name", "prison"]);
    // The unread text is in no public view and no public search.
    const inView = await sql<{ id: string }>`SELECT id FROM public_claim WHERE entity_id = ${two} AND value_text IN ('-5', '1250')`.execute(t.db);
    expect(inView.rows).toEqual([]);
    expect((await search(t.db, ANONYMOUS, "1250", { limit: 50 })).map((h) => h.id)).not.toContain(two);
    expect((await search(t.db, testActor, "1250", { limit: 50 })).map((h) => h.id)).toContain(two);
  });

  it("changes nothing when the same file is imported again", async () => {
    const list = uniq("Fictional messy list B");
    await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    const before = await unparsedClaims(await personOf(list, "u2"));
    const again = await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    expect(again).toMatchObject({ imported: 0, unchanged: 2, keptEdits: [], errors: [] });
    expect(again.unparsed).toHaveLength(2);
    expect(await unparsedClaims(await personOf(list, "u2"))).toEqual(before);
  });

  it("reads a cell the list corrects, and never lets an unread cell become public", async () => {
    const list = uniq("Fictional messy list C");
    await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    const two = await personOf(list, "u2");
    const [age] = await unparsedClaims(two);
    await expect(
      t.db.transaction().execute((trx) => editClaim(trx, testActor, age!.id, { version: age!.version, visibility: "public" })),
    ).rejects.toMatchObject({ id: "validation_failed" });
    await expect(
      t.db.updateTable("claim").set({ visibility: "public" }).where("id", "=", age!.id).execute(),
    ).rejects.toThrow(/claim_unparsed_never_public/);

    await runPersonImport(t.db, testActor, MESSY.replace(",-5,", ",35,"), { listName: list, keepUnparsed: true });
    const now = await getClaim(t.db, testActor, age!.id);
    expect(now).toMatchObject({ property: "age_at_death", valueText: "35 years", visibility: "public" });
    expect((await unparsedClaims(two)).map((c) => c.property)).toEqual(["birth_date"]);
  });

  it("keeps cells holding JavaScript's built-in names as written", async () => {
    const names = BUILTIN_NAMES.filter((n) => !/[,"\n]/.test(n));
    const rows = ["record_id,full_name,age,gender,birth", ...names.map((n, i) => `b${i},Fictional ${n},${n},${n},${n}`)];
    const list = uniq("Fictional messy list of built-in names");
    const r = await runPersonImport(t.db, testActor, rows.join("\n"), { listName: list, keepUnparsed: true });
    expect(r.errors).toEqual([]);
    expect(r.imported).toBe(names.length);
    expect(r.unparsed).toHaveLength(names.length * 3);
    for (const [i, n] of names.entries()) {
      const cells = await unparsedClaims(await personOf(list, `b${i}`));
      expect(cells.map((c) => [c.property, c.value_text]), n).toEqual([
        ["age_at_death", n],
        ["birth_date", n],
        ["gender", n],
      ]);
    }
  });
});

describe("the queue of unread cells", () => {
  it("lists each cell with its list, row, column, text and reason; resolving or dismissing takes it out", async () => {
    const list = uniq("Fictional messy list Q");
    await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    const listId = (await findListByLabel(t.db, list))!.id;
    const two = await personOf(list, "u2");
    const queue = await listUnparsedCells(t.db, testActor, { listId, page: 1, perPage: 50 });
    expect(queue.total).toBe(2);
    const age = queue.cells.find((c) => c.column === "age")!;
    expect(age).toMatchObject({ listId, listLabel: list, recordId: "u2", row: 3, rawText: "-5", personId: two, visibility: "team" });
    expect(age.message).toMatch(/not an age/);

    await expect(
      t.db.transaction().execute((trx) => resolveUnparsedCell(trx, testActor, age.claimId, { version: age.version, value: "-6", visibility: "team" })),
    ).rejects.toMatchObject({ id: "validation_failed" });
    const resolved = await t.db.transaction().execute((trx) =>
      resolveUnparsedCell(trx, testActor, age.claimId, { version: age.version, value: "56", visibility: "public" }),
    );
    expect(resolved).toMatchObject({ entityId: two, property: "age_at_death", valueText: "56 years", visibility: "public" });
    expect(resolved.sources[0]).toMatchObject({ sourceId: listId, locator: { record: "u2", row: 3 } });
    // The same claim, edited through the claims service: its history keeps what the list said.
    expect(resolved).toMatchObject({ id: age.claimId, status: "asserted", version: age.version + 1 });
    expect((await t.db.selectFrom("claim").select("unparsed").where("id", "=", age.claimId).executeTakeFirstOrThrow()).unparsed).toBeNull();
    const { revisions } = await listClaimRevisions(t.db, testActor, age.claimId);
    expect(revisions.map((r) => [r.version, (r.snapshot as { value_text?: string }).value_text])).toEqual([
      [1, "-5"],
      [2, "56 years"],
    ]);
    expect(await t.db.selectFrom("audit_log").select("action").where("object_id", "=", age.claimId).where("action", "=", "claim.update").execute()).toHaveLength(1);

    const birth = queue.cells.find((c) => c.column === "birth")!;
    await t.db.transaction().execute((trx) => dismissUnparsedCell(trx, testActor, birth.claimId, { version: birth.version, reason: "illegible" }));
    expect(await listUnparsedCells(t.db, testActor, { listId, page: 1, perPage: 50 })).toEqual({ cells: [], total: 0 });

    // A later change of another cell of the row does not bring the resolved cells back.
    await runPersonImport(t.db, testActor, MESSY.replace("f,Evin", "f,Gohardasht"), { listName: list, keepUnparsed: true });
    expect((await listUnparsedCells(t.db, testActor, { listId, page: 1, perPage: 50 })).total).toBe(0);
    expect((await getClaim(t.db, testActor, resolved.id)).valueText).toBe("56 years");
  });
});

describe("the queue's count", () => {
  it("counts the cells the queue lists: none whose origin names no list", async () => {
    const list = uniq("Fictional messy list N");
    await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    const [age] = await unparsedClaims(await personOf(list, "u2"));
    const all = await listUnparsedCells(t.db, testActor, { page: 1, perPage: 500 });
    expect(all.total).toBe(all.cells.length);
    // A cell whose origin names no list (an id of nothing) is in no queue, so it is not counted either.
    await t.db.updateTable("claim").set({ origin: sql<string>`'list:00000000-0000-4000-8000-000000000000:' || split_part(origin, ':', 3) || ':' || split_part(origin, ':', 4)` }).where("id", "=", age!.id).execute();
    const after = await listUnparsedCells(t.db, testActor, { page: 1, perPage: 500 });
    expect(after.cells).toHaveLength(all.cells.length - 1);
    expect(after.total).toBe(after.cells.length);
  });
});

describe("the unread cells of a list a member may not read", () => {
  it("are in no member's queue unless their role may read the list (the roles of the access matrix)", async () => {
    const list = uniq("Fictional messy list kept confidential");
    await runPersonImport(t.db, testActor, MESSY, { listName: list, keepUnparsed: true });
    const listId = (await findListByLabel(t.db, list))!.id;
    const current = await getEntity(t.db, testActor, listId);
    await t.db.transaction().execute((trx) => editEntity(trx, testActor, listId, { version: current.version, visibility: "confidential" }));
    const clearance: Record<Role, boolean> = { admin: true, editor: true, researcher: true, reviewer: false, viewer: false };
    for (const [role, mayRead] of Object.entries(clearance) as [Role, boolean][]) {
      const member: Viewer = { kind: "user", userId: randomUUID(), name: `fictional-${role}`, role };
      const mine = await listUnparsedCells(t.db, member, { listId, page: 1, perPage: 50 });
      expect(mine.total, role).toBe(mayRead ? 2 : 0);
      expect(mine.cells, role).toHaveLength(mayRead ? 2 : 0);
      const everyList = await listUnparsedCells(t.db, member, { page: 1, perPage: 500 });
      expect(everyList.cells.some((c) => c.listId === listId), role).toBe(mayRead);
    }
  });
});
