/**
 * The facets that finding people reads (`sabt_derived.person_facet`, migration 0020) are derived
 * from the public views at every commit. After each kind of change that can touch them (claims
 * written, edited, retracted or made team-only; a place, a participation, a position or a person
 * made team-only or public again; a label changed; records merged and unmerged, a canonical person
 * hidden), the stored facets equal a full recomputation, and every filter finds exactly the people
 * a direct query of the public views finds. All people here are fictional.
 */
import { sql, type RawBuilder } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClaimCreateSchema, createClaims, editClaim, type ClaimValueInput } from "../claims/index.ts";
import { publicView, type Db } from "../db/index.ts";
import { createEntities, createEntity, editEntity, type EntityCreateReq } from "../entities/index.ts";
import { search } from "../search/index.ts";
import { ANONYMOUS } from "../shared/viewer.ts";
import { systemViewer } from "../shared/viewer.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { countPeople, findPeople, peopleMatching, type PeopleFilter } from "./find.repository.ts";

const viewer = systemViewer("test-facets");
type Vis = "public" | "team" | "confidential";
let t: TestDatabase;
const id: Record<string, string> = {};

async function entity(key: string, type: EntityCreateReq["type"], label: string, visibility: Vis = "public"): Promise<void> {
  const e = await t.db.transaction().execute((trx) => createEntity(trx, viewer, { type, label, visibility, isFictional: true }));
  id[key] = e.id;
}

async function claims(key: string, cs: [string, ClaimValueInput, Vis?][], source = id.list1!): Promise<string[]> {
  const made = await t.db.transaction().execute((trx) =>
    createClaims(
      trx,
      viewer,
      cs.map(([property, value, visibility]) =>
        ClaimCreateSchema.parse({ entityId: id[key], property, value, sources: [{ sourceId: source }], visibility: visibility ?? "public" }),
      ),
    ),
  );
  return made.map((c) => c.id);
}

async function entityVisibility(key: string, visibility: Vis): Promise<void> {
  const { version } = await t.db.selectFrom("entity").select("version").where("id", "=", id[key]!).executeTakeFirstOrThrow();
  await t.db.transaction().execute((trx) => editEntity(trx, viewer, id[key]!, { version, visibility }));
}

async function claimEdit(claimId: string, edit: { visibility?: Vis; status?: "retracted" }): Promise<void> {
  const { version } = await t.db.selectFrom("claim").select("version").where("id", "=", claimId).executeTakeFirstOrThrow();
  await t.db.transaction().execute((trx) => editClaim(trx, viewer, claimId, { version, ...edit }));
}

const text = (s: string): ClaimValueInput => ({ type: "text", text: s });
const name = (s: string): ClaimValueInput => ({ type: "name", text: s, kind: "full" });
const ref = (key: string): ClaimValueInput => ({ type: "entity", id: id[key]! });
const date = (s: string, calendar: "jalali" | "gregorian"): ClaimValueInput => ({ type: "date", text: s, calendar });

// The filters as the public views answer them directly (the queries before the facet table).
function viewFilter(f: PeopleFilter, victimSources: readonly string[]): RawBuilder<boolean> {
  const having = (c: RawBuilder<unknown>) => sql`e.id IN (SELECT c.entity_id FROM public_claim c WHERE ${c})`;
  const referredBy = (c: RawBuilder<unknown>) => sql`e.id IN (SELECT c.ref_id FROM public_claim c WHERE ${c})`;
  const cites = (sources: readonly string[]) =>
    sources.length === 0 ? sql`false` : sql`(${sql.join(sources.map((s) => sql`c.sources @> ${JSON.stringify([{ sourceId: s }])}::jsonb`), sql` OR `)})`;
  const place = (p: string, x: { id: string; spellings: readonly string[] }) =>
    having(sql`c.property = ${p} AND (c.ref_id = ${x.id} OR c.search_key = ANY(${[...x.spellings]}::text[]))`);
  const all: RawBuilder<unknown>[] = [sql`e.type = 'person'`];
  if (f.prison) all.push(place("prison", f.prison));
  if (f.city) all.push(place("city", f.city));
  if (f.listSources) all.push(having(sql`c.property = 'name' AND ${cites(f.listSources)}`));
  if (f.gender) all.push(having(sql`c.property = 'gender' AND c.search_key = ${f.gender}`));
  if (f.death) all.push(having(sql`c.property = 'death_date' AND c.date_earliest <= ${f.death.to}::date AND c.date_latest >= ${f.death.from}::date`));
  if (f.role === "official") all.push(referredBy(sql`c.property IN ('holder', 'accused')`));
  if (f.role === "witness") {
    all.push(referredBy(sql`c.property = 'participant' AND EXISTS (SELECT 1 FROM public_claim r WHERE r.entity_id = c.entity_id AND r.property = 'role' AND r.search_key = 'witness')`));
  }
  if (f.role === "victim") all.push(having(sql`(c.property IN ('death_date', 'prison') OR (c.property = 'name' AND ${cites(victimSources)}))`));
  if (f.initials) {
    const starts = (col: RawBuilder<unknown>) => sql.join(f.initials!.map((l) => sql`left(${col}, 1) = ${l}`), sql` OR `);
    all.push(sql`(${starts(sql`lower(e.label)`)} OR ${having(sql`c.property = 'name' AND c.search_key <> '' AND (${starts(sql`c.search_key`)})`)})`);
  }
  return sql<boolean>`${sql.join(all, sql` AND `)}`;
}

function filters(): PeopleFilter[] {
  const prison = { id: id.evin!, spellings: ["evin test prison"] };
  return [
    {},
    { prison },
    { city: { id: id.tehran!, spellings: ["tabriz"] } },
    { listSources: [id.list1!] },
    { listSources: [id.list2!] },
    { gender: "female" },
    { death: { from: "1988-01-01", to: "1988-12-31" } },
    { death: { from: "1988-03-21", to: "1989-03-20" } },
    { role: "official" },
    { role: "witness" },
    { role: "victim" },
    { initials: ["f"] },
    { initials: ["ف"] },
    { prison, gender: "male", role: "victim" },
    // Several conditions read in label order: the one held by fewest people drives.
    { listSources: [id.list1!, id.list2!], prison, death: { from: "1988-03-21", to: "1989-03-20" } },
    { city: { id: id.tehran!, spellings: ["tabriz"] }, role: "official" },
    { initials: ["f"], death: { from: "1988-01-01", to: "1988-12-31" }, gender: "female" },
    { prison: { id: id.evin!, spellings: [] } },
  ];
}

async function expectInStep(db: Db): Promise<void> {
  const read = async (q: Db) => ({
    facets: (await sql<{ id: string; label: string; keys: string[]; deaths: string | null; search_keys: string[] }>`
      SELECT id, label, keys, deaths::text AS deaths, search_keys FROM sabt_derived.person_facet ORDER BY id`.execute(q)).rows,
    ordered: (await sql<{ key: string; label: string; id: string }>`
      SELECT key, label, id FROM sabt_derived.person_facet_key ORDER BY key, label, id`.execute(q)).rows,
  });
  const stored = await read(db);
  let recomputed: Awaited<ReturnType<typeof read>> | undefined;
  // A full recomputation in a transaction that is rolled back, so the stored rows stay as they are.
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`DELETE FROM sabt_derived.person_facet`.execute(trx);
      await sql`DELETE FROM sabt_derived.person_facet_key`.execute(trx);
      await sql`SELECT sabt_derived.refresh_person_facets(ARRAY(SELECT id FROM entity))`.execute(trx);
      recomputed = await read(trx);
      throw new Error("rollback");
    })
    .catch((e: unknown) => {
      if (!(e instanceof Error) || e.message !== "rollback") throw e;
    });
  expect(stored).toEqual(recomputed);
  const victimSources = [id.list1!];
  for (const f of filters()) {
    const found = (await findPeople(publicView(db), f, { limit: 1000, offset: 0 }, victimSources)).map((p) => p.id);
    const direct = (
      await sql<{ id: string }>`SELECT e.id FROM public_entity e WHERE ${viewFilter(f, victimSources)} ORDER BY e.label, e.id`.execute(db)
    ).rows.map((r) => r.id);
    expect({ f, found }).toEqual({ f, found: direct });
    expect({ f, counted: await countPeople(publicView(db), f, 1000, victimSources) }).toEqual({ f, counted: direct.length });
    // Page by page (one person a page), the same people in the same order, whichever way the
    // page is read (with several conditions: by the one fewest hold, or all of them at once).
    for (const countCap of [1000, 0]) {
      const paged: string[] = [];
      for (let offset = 0; offset <= direct.length; offset++) {
        paged.push(...(await findPeople(publicView(db), f, { limit: 1, offset }, victimSources, countCap)).map((p) => p.id));
      }
      expect({ f, countCap, paged }).toEqual({ f, countCap, paged: direct });
    }
    // A name searched with the filter (from the facets alone) finds what the search over the
    // public views finds among the people the filter describes, in the same order: one value must
    // hold every word ("Cyrus Tabriz" is a name and a city, two values: nobody).
    const described = new Set(direct);
    for (const q of SEARCHED) {
      const filtered = (await search(db, ANONYMOUS, q, { type: "person", limit: 100, within: peopleMatching(f, victimSources) })).map((h) => h.id);
      const viaViews = (await search(db, ANONYMOUS, q, { type: "person", limit: 100 })).map((h) => h.id).filter((x) => described.has(x));
      expect({ f, q, filtered }).toEqual({ f, q, filtered: viaViews });
    }
  }
}

// Names in both scripts and a Latin spelling of a Persian one, a misspelling, a place written as text.
const SEARCHED = ["Fictional Facet", "فرهاد", "Farhad Azmayeshi", "Bahr", "Tabriz", "Cyrus Tabriz", "evin test prison"];

describe("the facets of finding people", () => {
  const cl: Record<string, string | undefined> = {};
  beforeAll(async () => {
    t = await createTestDatabase();
    await entity("list1", "list", "Fictional Facet List One");
    await entity("list2", "list", "Fictional Facet List Two");
    await entity("evin", "place", "Fictional Evin Facet");
    await entity("tehran", "place", "Fictional Tehran Facet");
    await entity("a", "person", "Fictional Arash Facet");
    [cl.aName, cl.aGender, cl.aDeath, cl.aPrison] = await claims("a", [
      ["name", name("فرهاد آزمایشی")],
      ["gender", text("male")],
      ["death_date", date("1367/05/10", "jalali")],
      ["prison", ref("evin")],
      ["city", ref("tehran")],
    ]);
    await entity("b", "person", "Fictional Bahar Facet");
    [cl.bName, cl.bGender] = await claims("b", [["name", name("Fictional Bahar Facet")], ["gender", text("female")], ["prison", text("Evin Test Prison")], ["death_date", date("1988-09", "gregorian")]], id.list2);
    await entity("c", "person", "Fictional Cyrus Facet");
    await claims("c", [["name", name("Fictional Cyrus Facet")], ["city", text("Tabriz")], ["gender", text("male")]]);
    await entity("official", "person", "Fictional Omid Facet");
    await claims("official", [["name", name("Fictional Omid Facet")]]);
    await entity("post", "position", "Fictional Facet Post");
    [cl.holder] = await claims("post", [["holder", ref("official")]]);
    await entity("witness", "person", "Fictional Wida Facet");
    await entity("part", "participation", "Fictional Facet Participation");
    [, cl.role] = await claims("part", [["participant", ref("witness")], ["role", text("witness")]]);
  });
  afterAll(async () => {
    await t.close();
  });

  it("are in step with the public views after claims and records are written", async () => {
    await expectInStep(t.db);
  });

  it("follow claims made team-only, retracted and public again", async () => {
    await claimEdit(cl.aGender!, { visibility: "team" });
    await claimEdit(cl.bName!, { status: "retracted" });
    await expectInStep(t.db);
    await claimEdit(cl.aGender!, { visibility: "public" });
    await expectInStep(t.db);
  });

  it("follow a place, a participation, a position and a person made team-only, and public again", async () => {
    for (const key of ["evin", "part", "post", "b"]) {
      await entityVisibility(key, "team");
      await expectInStep(t.db);
    }
    for (const key of ["evin", "part", "post", "b"]) await entityVisibility(key, "public");
    await expectInStep(t.db);
  });

  it("follow a label changed and a role retracted", async () => {
    const { version } = await t.db.selectFrom("entity").select("version").where("id", "=", id.c!).executeTakeFirstOrThrow();
    await t.db.transaction().execute((trx) => editEntity(trx, viewer, id.c!, { version, label: "فرید آزمایشی" }));
    await claimEdit(cl.role!, { status: "retracted" });
    await expectInStep(t.db);
  });

  it("follow merges, a hidden canonical person and unmerges", async () => {
    // The linker writes person_merge; here rows are written directly, as any writer would.
    await sql`INSERT INTO person_merge (entity_id, canonical_id, cluster_id) VALUES (${id.b}, ${id.a}, 'k1'), (${id.c}, ${id.a}, 'k1')`.execute(t.db);
    await expectInStep(t.db);
    const facet = await sql<{ keys: string[] }>`SELECT keys FROM sabt_derived.person_facet WHERE id = ${id.a}`.execute(t.db);
    // The folded rows' values are the person's: Bahar's prison text and gender, Cyrus's city text.
    expect(facet.rows[0]?.keys).toEqual(expect.arrayContaining(["P:evin test prison", "g:female", "C:tabriz"]));
    expect(await sql`SELECT 1 FROM sabt_derived.person_facet WHERE id = ${id.b}`.execute(t.db).then((r) => r.rows)).toEqual([]);
    await entityVisibility("a", "confidential");
    await expectInStep(t.db);
    await entityVisibility("a", "public");
    await sql`DELETE FROM person_merge WHERE entity_id = ${id.c}`.execute(t.db);
    await expectInStep(t.db);
    await sql`UPDATE person_merge SET canonical_id = ${id.c} WHERE entity_id = ${id.b}`.execute(t.db);
    await expectInStep(t.db);
    await sql`DELETE FROM person_merge`.execute(t.db);
    await expectInStep(t.db);
  });

  it("never hold a value that is not public", async () => {
    await claimEdit(cl.aPrison!, { visibility: "confidential" });
    const facet = await sql<{ keys: string[] }>`SELECT keys FROM sabt_derived.person_facet WHERE id = ${id.a}`.execute(t.db);
    expect(facet.rows[0]?.keys).not.toContain(`p:${id.evin}`);
    await entityVisibility("a", "team");
    expect((await sql`SELECT 1 FROM sabt_derived.person_facet WHERE id = ${id.a}`.execute(t.db)).rows).toEqual([]);
    await expectInStep(t.db);
  });
});

describe("a name searched with filters", () => {
  let d: TestDatabase;
  beforeAll(async () => {
    d = await createTestDatabase();
  });
  afterAll(async () => {
    await d.close();
  });

  it("finds the one namesake the filters describe among more than the search reads unfiltered", async () => {
    await d.db.transaction().execute(async (trx) => {
      const [list, prison] = await createEntities(trx, viewer, [
        { type: "list", label: "Fictional Namesake List", visibility: "public", isFictional: true },
        { type: "place", label: "Fictional Namesake Prison", visibility: "public", isFictional: true },
      ]);
      const people = await createEntities(
        trx,
        viewer,
        Array.from({ length: 700 }, (_, i) => ({ type: "person" as const, label: `Fictional Kourosh Namesake ${i}`, visibility: "public" as const, isFictional: true })),
      );
      const claim = (entityId: string, property: string, value: ClaimValueInput) =>
        ClaimCreateSchema.parse({ entityId, property, value, sources: [{ sourceId: list!.id }], visibility: "public" });
      await createClaims(trx, viewer, [
        ...people.map((p) => claim(p.id, "name", name("Fictional Kourosh Namesake"))),
        // Only the last one written was held in the prison.
        claim(people.at(-1)!.id, "prison", { type: "entity", id: prison!.id }),
      ]);
      id.namesakePrison = prison!.id;
      id.namesake = people.at(-1)!.id;
    });
    const unfiltered = await search(d.db, ANONYMOUS, "Kourosh Namesake", { type: "person", limit: 500 });
    expect(unfiltered).toHaveLength(500);
    // Filtering these hits afterwards, as the search page once did, would find nobody.
    expect(unfiltered.map((h) => h.id)).not.toContain(id.namesake);
    const filter: PeopleFilter = { prison: { id: id.namesakePrison!, spellings: [] } };
    const hits = await search(d.db, ANONYMOUS, "Kourosh Namesake", { type: "person", limit: 21, within: peopleMatching(filter, []) });
    expect(hits.map((h) => h.id)).toEqual([id.namesake]);
  });
});
