import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testActor, uniq } from "../../test/factories.ts";
import { editClaim, getClaim, listClaims } from "../claims/index.ts";
import { findEntitiesByIds } from "../entities/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import type { Db } from "../db/index.ts";
import { findImportRuns, runPersonImport } from "./index.ts";
import { verifyIntegrity } from "../integrity/index.ts";
import { testConfig } from "../../test/config.ts";

async function countClaims(db: Db): Promise<number> {
  const r = await db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function countListRecords(db: Db, listId: string): Promise<number> {
  const r = await db.selectFrom("list_record").select((eb) => eb.fn.countAll<string>().as("n")).where("list_id", "=", listId).executeTakeFirstOrThrow();
  return Number(r.n);
}
import { parsePersonsCsv } from "./persons.csv.ts";
import { findListByLabel } from "./import.repository.ts";
import { exportFtm } from "../exports/index.ts";
import { editEntity, getEntity } from "../entities/index.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const GOOD = [
  "record_id,full_name@public,father_name,gender,birth,age,death_date@public,prison,notes@confidential,tribe",
  "fa-1,حسین رضایی (fictional),علی,مرد,1340,27,۱۳۶۷/۰۵/۱۰,Evin,canary-note-1,X",
  'fa-2,Maryam Karimi (fictional),Hasan,f,1962-03-01,,Mordad 1367,Gohardasht,"note, with comma",',
].join("\n");

describe("parsing a victim list", () => {
  it("reports one error per bad value with its row and column, and no rows", () => {
    const csv = [
      "record_id,full_name,gender,age,death_date",
      "a,Fictional One,m,27,1367/05/10",
      "b,Fictional Two,robot,200,1367/13/01",
      ",Fictional Three,f,30,1988",
      "a,Fictional Dup,f,30,1988",
    ].join("\n");
    const r = parsePersonsCsv(csv);
    expect(r.rows).toEqual([]);
    expect(r.problems).toEqual([
      { row: 3, column: "gender", message: expect.stringMatching(/robot/) },
      { row: 3, column: "age", message: expect.stringMatching(/200/) },
      { row: 3, column: "death_date", message: expect.any(String) },
      { row: 4, column: "record_id", message: "record_id is empty" },
      { row: 5, column: "record_id", message: expect.stringMatching(/already appears on row 2/) },
    ]);
  });

  it("rejects an unknown visibility suffix and a file without record_id", () => {
    expect(parsePersonsCsv("record_id,full_name@secret\n1,A").problems[0]).toMatchObject({ row: 1, column: "full_name@secret" });
    expect(parsePersonsCsv("full_name\nA").problems[0]).toMatchObject({ column: "record_id" });
    expect(parsePersonsCsv("").problems[0]!.message).toMatch(/empty/);
  });
});

describe("importing a victim list", () => {
  it("writes nothing when any row is invalid", async () => {
    const before = await countClaims(t.db);
    const list = uniq("Fictional list bad");
    const r = await runPersonImport(t.db, testActor, GOOD + "\nfa-3,Someone,x,1340,27,1367/05/10,Evin,,", { listName: list });
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.imported).toBe(0);
    expect(await countClaims(t.db)).toBe(before);
    expect(await findListByLabel(t.db, list)).toBeUndefined();
  });

  it("imports every value as a claim citing the list, with visibility from the header suffix", async () => {
    const list = uniq("Fictional list A");
    const r = await runPersonImport(t.db, testActor, GOOD, { listName: list });
    expect(r).toEqual({ rows: 2, imported: 2, unchanged: 0, keptEdits: [], errors: [] });
    const listId = (await findListByLabel(t.db, list))!.id;
    expect(await countListRecords(t.db, listId)).toBe(2);
    const people = await t.db.selectFrom("list_record").select("person_id").where("list_id", "=", listId).orderBy("record_id").execute();
    const [p1] = await findEntitiesByIds(t.db, [people[0]!.person_id]);
    expect(p1).toMatchObject({ type: "person", label: "حسین رضایی (fictional)", visibility: "public" });
    const claims = await listClaims(t.db, testActor, p1!.id);
    const byProp = Object.fromEntries(claims.map((c) => [c.property, c]));
    expect(byProp.name!.visibility).toBe("public");
    expect(byProp.father_name!.visibility).toBe("team");
    expect(byProp.note!.visibility).toBe("confidential");
    expect(byProp.tribe!.valueText).toBe("X");
    expect(byProp.gender!.valueText).toBe("male");
    expect(byProp.age_at_death!.valueText).toBe("27 years");
    expect(claims.every((c) => c.sources[0]!.sourceId === listId && c.sources[0]!.locator!.record !== undefined)).toBe(true);
    const anonymous = await listClaims(t.db, ANONYMOUS, p1!.id);
    expect(anonymous.map((c) => c.property).sort()).toEqual(["death_date", "name"]);
  });

  it("changes nothing when the same file is imported again, and updates only changed values", async () => {
    const list = uniq("Fictional list B");
    await runPersonImport(t.db, testActor, GOOD, { listName: list });
    const claimsBefore = await countClaims(t.db);
    const again = await runPersonImport(t.db, testActor, GOOD, { listName: list });
    expect(again).toEqual({ rows: 2, imported: 0, unchanged: 2, keptEdits: [], errors: [] });
    expect(await countClaims(t.db)).toBe(claimsBefore);

    const changed = GOOD.replace("Gohardasht", "Qezel Hesar");
    const r = await runPersonImport(t.db, testActor, changed, { listName: list });
    expect(r).toEqual({ rows: 2, imported: 1, unchanged: 1, keptEdits: [], errors: [] });
    expect(await countClaims(t.db)).toBe(claimsBefore);
    const prison = await t.db.selectFrom("claim").select(["value_text", "version"]).where("origin", "like", `%:fa-2:prison`).where("value_text", "=", "Qezel Hesar").execute();
    expect(prison).toEqual([{ value_text: "Qezel Hesar", version: 2 }]);
  });

  it("marks a run that was killed before it could say so as interrupted when the list is imported again", async () => {
    const list = uniq("Fictional list K");
    await runPersonImport(t.db, testActor, GOOD, { listName: list });
    const listId = (await findListByLabel(t.db, list))!.id;
    // What kill -9 leaves behind: a run still marked running.
    await t.db.updateTable("import_run").set({ status: "running", finished_at: null }).where("list_id", "=", listId).execute();
    await runPersonImport(t.db, testActor, GOOD, { listName: list });
    const runs = await findImportRuns(t.db, listId);
    expect(runs.map((r) => r.status)).toEqual(["done", "interrupted"]);
  });

  it("dry-run reports what would happen and writes nothing", async () => {
    const before = await countClaims(t.db);
    const r = await runPersonImport(t.db, testActor, GOOD, { listName: uniq("Fictional list C"), dryRun: true });
    expect(r).toEqual({ rows: 2, imported: 2, unchanged: 0, keptEdits: [], errors: [] });
    expect(await countClaims(t.db)).toBe(before);
  });

  it("never uses a non-public name in a URL slug", async () => {
    const list = uniq("Fictional list D");
    await runPersonImport(t.db, testActor, "record_id,full_name@confidential\nw1,Secret Witness Canary", { listName: list });
    const listId = (await findListByLabel(t.db, list))!.id;
    const row = await t.db.selectFrom("list_record").innerJoin("entity", "entity.id", "list_record.person_id").select(["slug", "visibility"]).where("list_id", "=", listId).executeTakeFirstOrThrow();
    expect(row.visibility).toBe("confidential");
    expect(row.slug).not.toMatch(/secret|witness|canary/i);
  });
});

describe("re-importing a changed list", () => {
  const personOf = async (list: string, recordId: string) => {
    const listId = (await findListByLabel(t.db, list))!.id;
    const r = await t.db.selectFrom("list_record").select("person_id").where("list_id", "=", listId).where("record_id", "=", recordId).executeTakeFirstOrThrow();
    return r.person_id;
  };
  const ftmText = async () => {
    const lines: string[] = [];
    await exportFtm(t.db, (l) => void lines.push(l));
    return lines.join("\n");
  };

  it("hides the old public label when the name column becomes confidential", async () => {
    const list = uniq("Fictional list E");
    const csv = "record_id,full_name@public,death_date@public\ne1,Canary Publicname Fictional,1367\n";
    await runPersonImport(t.db, testActor, csv, { listName: list });
    expect(await ftmText()).toContain("Canary Publicname Fictional");

    const r = await runPersonImport(t.db, testActor, csv.replace("full_name@public", "full_name@confidential"), { listName: list });
    expect(r).toEqual({ rows: 1, imported: 1, unchanged: 0, keptEdits: [], errors: [] });
    const person = await getEntity(t.db, testActor, await personOf(list, "e1"));
    expect(person.visibility).toBe("confidential");
    expect(await ftmText()).not.toContain("Canary Publicname");
    await expect(getEntity(t.db, ANONYMOUS, person.id)).rejects.toMatchObject({ id: "not_found" });
    const stored = await t.db.selectFrom("entity").select(["label", "slug"]).where("id", "=", person.id).executeTakeFirstOrThrow();
    expect(stored.label).not.toContain("Canary");
    expect(stored.slug).not.toMatch(/canary/i);
  });

  it("relabels the person when the list corrects the name, and leaves the label alone when other cells change", async () => {
    const list = uniq("Fictional list F");
    await runPersonImport(t.db, testActor, "record_id,full_name@public,prison\nf1,Fictional Mispelt,Evin\n", { listName: list });
    const id = await personOf(list, "f1");
    await runPersonImport(t.db, testActor, "record_id,full_name@public,prison\nf1,Fictional Spelt,Evin\n", { listName: list });
    expect((await getEntity(t.db, testActor, id)).label).toBe("Fictional Spelt");
    const version = (await getEntity(t.db, testActor, id)).version;
    await runPersonImport(t.db, testActor, "record_id,full_name@public,prison\nf1,Fictional Spelt,Gohardasht\n", { listName: list });
    expect((await getEntity(t.db, testActor, id)).version).toBe(version);
  });

  it("gives a new version only to the changed value, even in a row with confidential values", async () => {
    const list = uniq("Fictional list G");
    const csv = "record_id,full_name,notes@confidential,secret@confidential,prison\ng1,Fictional G,canary note,canary secret,Evin\n";
    await runPersonImport(t.db, testActor, csv, { listName: list });
    const id = await personOf(list, "g1");
    const r = await runPersonImport(t.db, testActor, csv.replace("Evin", "Gohardasht"), { listName: list });
    expect(r).toEqual({ rows: 1, imported: 1, unchanged: 0, keptEdits: [], errors: [] });
    const versions = await t.db.selectFrom("claim").select(["property", "version"]).where("entity_id", "=", id).orderBy("property").execute();
    expect(versions).toEqual([
      { property: "name", version: 1 },
      { property: "note", version: 1 },
      { property: "prison", version: 2 },
      { property: "secret", version: 1 },
    ]);
    const again = await runPersonImport(t.db, testActor, csv.replace("Evin", "Gohardasht"), { listName: list });
    expect(again).toEqual({ rows: 1, imported: 0, unchanged: 1, keptEdits: [], errors: [] });
  });

  it("keeps an editor's correction in a cell the list did not change, and takes the list's change in another", async () => {
    const list = uniq("Fictional list I");
    const header = "record_id,full_name@public,prison,city";
    await runPersonImport(t.db, testActor, `${header}\ni1,Fictional Iraj Namdar,Evin,Tabriz\n`, { listName: list });
    const id = await personOf(list, "i1");
    const claimOf = async (property: string) =>
      t.db.selectFrom("claim").select(["id", "version"]).where("entity_id", "=", id).where("property", "=", property).executeTakeFirstOrThrow();
    const prison = await claimOf("prison");
    await t.db.transaction().execute((trx) =>
      editClaim(trx, testActor, prison.id, { version: prison.version, value: { type: "text", text: "Gohardasht (corrected)" }, reason: "a relative's testimony" }),
    );

    const r = await runPersonImport(t.db, testActor, `${header}\ni1,Fictional Iraj Namdar,Evin,Mashhad\n`, { listName: list });
    expect(r).toEqual({ rows: 1, imported: 1, unchanged: 0, keptEdits: [], errors: [] });
    expect((await getClaim(t.db, testActor, prison.id)).valueText).toBe("Gohardasht (corrected)");
    expect((await getClaim(t.db, testActor, (await claimOf("city")).id)).valueText).toBe("Mashhad");

    // Another change of the row leaves the correction alone too: the list's last value is still Evin.
    await runPersonImport(t.db, testActor, `${header}\ni1,Fictional Iraj Namdar,Evin,Shiraz\n`, { listName: list });
    expect((await getClaim(t.db, testActor, prison.id)).valueText).toBe("Gohardasht (corrected)");

    // Where the list changes the corrected cell as well, the editor's version stays and is reported.
    const both = await runPersonImport(t.db, testActor, `${header}\ni1,Fictional Iraj Namdar,Qezel Hesar,Shiraz\n`, { listName: list });
    expect(both.keptEdits).toEqual([{ recordId: "i1", column: "prison", claimId: prison.id }]);
    expect((await getClaim(t.db, testActor, prison.id)).valueText).toBe("Gohardasht (corrected)");
  });

  it("keeps an editor's correction of the name: the person's label is not set back to the list's", async () => {
    const list = uniq("Fictional list J");
    const header = "record_id,full_name@public,prison";
    await runPersonImport(t.db, testActor, `${header}\nj1,Fictional Jalal Mispelt,Evin\n`, { listName: list });
    const id = await personOf(list, "j1");
    const name = await t.db.selectFrom("claim").select(["id", "version"]).where("entity_id", "=", id).where("property", "=", "name").executeTakeFirstOrThrow();
    await t.db.transaction().execute(async (trx) => {
      await editClaim(trx, testActor, name.id, { version: name.version, value: { type: "name", text: "Fictional Jalal Spelt", kind: "full" }, reason: "spelling" });
      const person = await getEntity(trx, testActor, id);
      await editEntity(trx, testActor, id, { version: person.version, label: "Fictional Jalal Spelt", reason: "spelling" });
    });
    await runPersonImport(t.db, testActor, `${header}\nj1,Fictional Jalal Mispelt,Gohardasht\n`, { listName: list });
    expect((await getClaim(t.db, testActor, name.id)).valueText).toBe("Fictional Jalal Spelt");
    expect((await getEntity(t.db, testActor, id)).label).toBe("Fictional Jalal Spelt");
  });

  it("refuses a NUL byte with a row error instead of failing in the database, and writes nothing", async () => {
    const before = await countClaims(t.db);
    const list = uniq("Fictional list H");
    const r = await runPersonImport(t.db, testActor, "record_id,full_name\nh1,Fictional\u0000H\n", { listName: list });
    expect(r.errors).toEqual([{ row: 2, column: "full_name", message: "the value contains the control character U+0000" }]);
    expect(await countClaims(t.db)).toBe(before);
    expect(await findListByLabel(t.db, list)).toBeUndefined();
  });
});

describe("imports running at the same time", () => {
  it("take turns batch by batch: one list, every row once, no unique-key failure (PostgreSQL server)", async () => {
    const list = uniq("Fictional list concurrent");
    const rows = ["record_id,full_name@public"];
    for (let i = 1; i <= 300; i++) rows.push(`k${i},Fictional Concurrent ${i}`);
    const csv = rows.join("\n");
    const [a, b] = await Promise.all([
      runPersonImport(t.db, testActor, csv, { listName: list, batchSize: 20 }),
      runPersonImport(t.db, testActor, csv, { listName: list, batchSize: 20 }),
    ]);
    expect(a.errors).toEqual([]);
    expect(a.imported + b.imported).toBe(300);
    expect(a.unchanged + b.unchanged).toBe(300);
    const lists = await t.db.selectFrom("entity").select("id").where("type", "=", "list").where("label", "=", list).execute();
    expect(lists).toHaveLength(1);
    expect(await countListRecords(t.db, lists[0]!.id)).toBe(300);
  });
});

describe("building batches ahead", () => {
  it("stores batches built while earlier ones were stored exactly, and builds again a batch whose rows another import stored first", async () => {
    const listName = uniq("Fictional list ahead");
    const header = "record_id,full_name@public,notes@confidential,birth";
    const line = (i: number) => `h${i},Fictional Ahead ${i},ahead-canary-${i},${1330 + i}`;
    // h8 and h9 are in before the run: its fifth batch, built ahead as new, meets them.
    await runPersonImport(t.db, testActor, [header, line(8), line(9)].join("\n"), { listName, isFictional: true });
    const csv = [header, ...Array.from({ length: 12 }, (_, i) => line(i))].join("\n");
    const report = await runPersonImport(t.db, testActor, csv, { listName, batchSize: 2, isFictional: true });
    expect(report).toMatchObject({ imported: 10, unchanged: 2, errors: [] });
    const list = await findListByLabel(t.db, listName);
    expect(await countListRecords(t.db, list!.id)).toBe(12);
    // Every person, built inline (the first two batches) or ahead, holds its row's three values,
    // the confidential one sealed in storage; and every version is committed and bound.
    const people = await t.db.selectFrom("list_record").select("person_id").where("list_id", "=", list!.id).execute();
    const claims = await t.db
      .selectFrom("claim")
      .select(["entity_id", "value_text", "visibility"])
      .where("entity_id", "in", people.map((p) => p.person_id))
      .execute();
    expect(claims).toHaveLength(36);
    expect(claims.filter((c) => c.visibility === "confidential").every((c) => !c.value_text.includes("ahead-canary"))).toBe(true);
    const verified = await verifyIntegrity(t.db, testConfig({ SABT_DATA_DIR: t.dataDir }));
    expect(verified.problems).toEqual([]);
  });
});

describe("building batches ahead in a thread", () => {
  it("imports a list large enough for the thread exactly: every row, its values, sealed where confidential, and the collection verifies", async () => {
    const listName = uniq("Fictional list threaded");
    const n = 2600;
    const csv = ["record_id,full_name@public,notes@confidential,death_date", ...Array.from({ length: n }, (_, i) => `t${i},Fictional Threaded ${i},thread-canary-${i},1367/05/${(i % 28) + 1}`)].join("\n");
    const report = await runPersonImport(t.db, testActor, csv, { listName, batchSize: 200, isFictional: true });
    expect(report).toMatchObject({ imported: n, unchanged: 0, errors: [] });
    const list = await findListByLabel(t.db, listName);
    const last = await t.db
      .selectFrom("list_record")
      .innerJoin("claim", "claim.entity_id", "list_record.person_id")
      .select(["claim.property", "claim.value_text", "claim.visibility"])
      .where("list_record.list_id", "=", list!.id)
      .where("list_record.record_id", "=", `t${n - 1}`)
      .execute();
    expect(last.map((c) => c.property).sort()).toEqual(["death_date", "name", "note"]);
    expect(last.find((c) => c.property === "name")?.value_text).toBe(`Fictional Threaded ${n - 1}`);
    expect(last.find((c) => c.property === "note")?.value_text).not.toContain("thread-canary");
    const verified = await verifyIntegrity(t.db, testConfig({ SABT_DATA_DIR: t.dataDir }));
    expect(verified.problems).toEqual([]);
  });
});

describe("naming the list", () => {
  it("finds the same list whatever keyboard typed its name, so a re-import changes nothing", async () => {
    const suffix = uniq("");
    const csv = "record_id,full_name\nn1,Fictional N\n";
    await runPersonImport(t.db, testActor, csv, { listName: `فهرست يك زندان${suffix}` });
    const again = await runPersonImport(t.db, testActor, csv, { listName: `فهرست  یک\u200cزندان${suffix}` });
    expect(again).toEqual({ rows: 1, imported: 0, unchanged: 1, keptEdits: [], errors: [] });
    const dry = await runPersonImport(t.db, testActor, csv, { listName: `فهرست یک زندان${suffix}`, dryRun: true });
    expect(dry).toEqual({ rows: 1, imported: 0, unchanged: 1, keptEdits: [], errors: [] });
  });
});
