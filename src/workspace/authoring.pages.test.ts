/**
 * Authoring in the workspace, in-process: new records of every kind, relations with their parts
 * and citation created in one transaction, edits at a known version, the entity picker and its
 * lookup endpoint, in both languages; bad input comes back beside its field and saves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor, uniq } from "../../test/factories.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { createClaim, editClaim } from "../claims/index.ts";
import { editEntity } from "../entities/index.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";

let t: TestDatabase;
let app: App;
let editor: TestBrowser;
let editorFa: TestBrowser;
let viewer: TestBrowser;
let sourceId = "";

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const e = await buildMember(t.db, "editor");
  const v = await buildMember(t.db, "viewer");
  editor = new TestBrowser(app);
  await editor.signIn(e.email, e.password);
  editorFa = new TestBrowser(app);
  await editorFa.signIn(e.email, e.password, "fa");
  viewer = new TestBrowser(app);
  await viewer.signIn(v.email, v.password);
  sourceId = (await buildSource(t.db, { label: uniq("Fictional tribunal record") })).id;
}, 120_000);
afterAll(async () => {
  await t.close();
});

const count = async (table: "entity" | "claim") => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
const idFrom = (location: string | null) => decodeURIComponent(/\/entities\/([^/#?]+)/.exec(location ?? "")?.[1] ?? "");
const claimsOf = (entityId: string) => t.db.selectFrom("claim").selectAll().where("entity_id", "=", entityId).orderBy("property").execute();
/** The error paragraph tied to a field, as the form renders it. */
const errorOf = (html: string, field: string) => new RegExp(`id="${field}-err"[^>]*>([^<]*)<`).exec(html)?.[1] ?? "";

async function create(b: TestBrowser, lang: "en" | "fa", fields: Record<string, string>) {
  await b.get(`/team/${lang}/entities/new?type=${fields.type}`);
  return b.post(`/team/${lang}/entities`, fields);
}

describe("new records", () => {
  it("offers every kind of record, in both languages", async () => {
    const en = await editor.get("/team/en/entities/new");
    expect(en.status).toBe(200);
    for (const type of ["person", "occupancy", "legal_case", "article"]) expect(en.text).toContain(`/team/en/entities/new?type=${type}`);
    const fa = await editorFa.get("/team/fa/entities/new");
    expect(fa.text).toContain("پروندهٔ حقوقی");
  });

  it("creates a person with its label as an editorial name claim, then shows its page", async () => {
    const label = uniq("Fictional Kaveh Tehrani");
    const r = await create(editor, "en", { type: "person", label, visibility: "team", isFictional: "on" });
    expect(r.status, r.text.slice(0, 2000)).toBe(303);
    const id = idFrom(r.location);
    const row = await t.db.selectFrom("entity").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ type: "person", label, visibility: "team", is_fictional: true });
    const claims = await claimsOf(id);
    expect(claims.map((c) => [c.property, c.value_type, c.editorial])).toEqual([["name", "name", true]]);
    const page = await editor.get(r.location!);
    expect(page.text).toContain(label);
  });

  it("refuses an empty label beside the field, in the page's language, and saves nothing", async () => {
    const before = [await count("entity"), await count("claim")];
    const en = await create(editor, "en", { type: "place", label: "  ", slug: "Not A Slug!" });
    expect(en.status).toBe(400);
    expect(errorOf(en.text, "label")).toBe("Required.");
    expect(errorOf(en.text, "slug")).toContain("lowercase letters");
    expect(en.text).toContain('value="Not A Slug!"');
    const fa = await create(editorFa, "fa", { type: "place", label: "" });
    expect(errorOf(fa.text, "label")).toBe("لازم است.");
    expect([await count("entity"), await count("claim")]).toEqual(before);
  });

  it("takes built-in property names as labels and queries", async () => {
    for (const label of ["constructor", "__proto__", "toString"]) {
      const r = await create(editor, "en", { type: "tag", label, visibility: "team" });
      expect(r.status, label).toBe(303);
      const page = await editor.get(r.location!);
      expect(page.text).toContain(label);
      const found = await editor.get(`/team/en/entities/lookup?q=${encodeURIComponent(label)}&type=tag`);
      expect(found.status).toBe(200);
      expect(JSON.parse(found.text).items.some((i: { label: string }) => i.label === label)).toBe(true);
    }
    const r = await create(editor, "en", { type: "occupancy", part_holder_q: "constructor", part_position_q: "__proto__", sourceId });
    expect(r.status).toBe(400);
  });
});

describe("unstorable text", () => {
  it("refuses a NUL beside its field, saving nothing, and the lookup finds nothing", async () => {
    const before = [await count("entity"), await count("claim")];
    const person = await buildEntity(t.db, { visibility: "team" });
    const position = await buildEntity(t.db, { type: "position", visibility: "team" });
    const nul = await create(editor, "en", { type: "occupancy", part_holder: person.id, part_position: position.id, part_role: "Fictional\u0000role", sourceId });
    expect(nul.status).toBe(400);
    expect(errorOf(nul.text, "part_role")).toContain("cannot be stored");
    // (Half of a surrogate pair cannot travel in a form: UTF-8 encoding turns it into U+FFFD.)
    const persian = await create(editorFa, "fa", { type: "person", label: "Fictional \u0000 name" });
    expect(persian.status).toBe(400);
    expect(errorOf(persian.text, "label")).toContain("ذخیره‌شدنی نیست");
    const claim = await editor.post(`/team/en/entities/${person.id}/claims`, { property: "note", valueType: "text", value: "x\u0000y", sourceId });
    expect(claim.status).toBe(400);
    expect([await count("entity"), await count("claim")]).toEqual([before[0]! + 2, before[1]!]);
    const r = await editor.get(`/team/en/entities/lookup?q=${encodeURIComponent("Fictional\u0000")}`);
    expect([r.status, JSON.parse(r.text).items]).toEqual([200, []]);
  });
});

describe("relations", () => {
  it("creates an occupancy with its parts (a Solar Hijri start) cited to a source, shown on the person's page", async () => {
    const person = await buildEntity(t.db, { label: uniq("Fictional Official"), visibility: "team" });
    const position = await buildEntity(t.db, { type: "position", label: uniq("Fictional Prosecutor"), visibility: "team" });
    const r = await create(editor, "en", {
      type: "occupancy",
      part_holder: person.id,
      part_position_q: position.slug,
      part_start: "1367-05",
      part_start_calendar: "jalali",
      part_end: "1990-03",
      part_end_calendar: "gregorian",
      sourceId,
      loc_page: "12",
      loc_quote: "fictional quote",
    });
    expect(r.status, r.text.slice(0, 3000)).toBe(303);
    const id = idFrom(r.location);
    const claims = await claimsOf(id);
    expect(claims.map((c) => c.property)).toEqual(["end", "holder", "position", "start"]);
    expect(claims.find((c) => c.property === "holder")!.ref_id).toBe(person.id);
    expect(claims.find((c) => c.property === "start")!.date_earliest).toBe("1988-07-23");
    for (const c of claims) expect(c.sources).toEqual([{ sourceId, locator: { page: "12", quote: "fictional quote" } }]);
    const label = (await t.db.selectFrom("entity").select("label").where("id", "=", id).executeTakeFirstOrThrow()).label;
    expect(label).toBe(`${person.label}: ${position.label}`);
    const personPage = await editor.get(`/team/en/entities/${person.id}`);
    expect(personPage.text).toContain("Position held (occupancy)");
    expect(personPage.text).toContain(`/team/en/entities/${id}`);
    const fa = await editorFa.get(`/team/fa/entities/${position.id}`);
    expect(fa.text).toContain("تصدی سمت");
  });

  it("refuses a relation without a source or with a bad date beside the fields, keeps the input and saves nothing", async () => {
    const person = await buildEntity(t.db, { label: uniq("Fictional Detainee"), visibility: "team" });
    const place = await buildEntity(t.db, { type: "place", label: uniq("Fictional Prison"), visibility: "team" });
    const before = [await count("entity"), await count("claim")];
    const r = await create(editorFa, "fa", { type: "detention", part_detainee: person.id, part_place: place.id, part_start: "1367-13-40", part_start_calendar: "jalali" });
    expect(r.status).toBe(400);
    expect(errorOf(r.text, "sourceId")).toBe("یک منبع برگزینید، یا ادعا را ویراستاری علامت بزنید.");
    expect(errorOf(r.text, "part_start")).toContain("گاه‌شمار");
    expect(r.text).toContain('value="1367-13-40"');
    expect(r.text).toContain(`${place.label}`);
    const missing = await create(editor, "en", { type: "command", part_subordinate: person.id, sourceId });
    expect(errorOf(missing.text, "part_superior")).toBe("Required.");
    expect([await count("entity"), await count("claim")]).toEqual(before);
  });

  it("asks to choose when a typed name matches several records, and takes the choice", async () => {
    const tag = uniq("Fictional Azadeh");
    const a = await buildEntity(t.db, { label: `${tag} A`, visibility: "team" });
    const b = await buildEntity(t.db, { label: `${tag} B`, visibility: "team" });
    for (const e of [a, b]) {
      await t.db.transaction().execute((trx) =>
        createClaim(trx, testActor, { entityId: e.id, property: "name", value: { type: "name", text: "Azadeh Fictionalpour", kind: "full" }, sources: [], editorial: true, confidence: "medium", visibility: "team", status: "asserted" }),
      );
    }
    const org = await buildEntity(t.db, { type: "organization", label: uniq("Fictional Unit"), visibility: "team" });
    const r = await create(editor, "en", { type: "membership", part_member_q: "Azadeh Fictionalpour", part_organization: org.id, editorial: "on" });
    expect(r.status).toBe(400);
    expect(errorOf(r.text, "part_member")).toBe("Several records match: choose one.");
    expect(r.text).toContain(`name="part_member_pick" value="${a.id}"`);
    const ok = await editor.post("/team/en/entities", { type: "membership", part_member_q: "Azadeh Fictionalpour", part_member_pick: b.id, part_organization: org.id, editorial: "on" });
    expect(ok.status).toBe(303);
    const claims = await claimsOf(idFrom(ok.location));
    expect(claims.find((c) => c.property === "member")!.ref_id).toBe(b.id);
    expect(claims.every((c) => c.editorial)).toBe(true);
    // Text typed over an earlier choice wins over the hidden id the form still carries.
    const retyped = await editor.post("/team/en/entities", { type: "membership", part_member: b.id, part_member_q: a.slug, part_organization: org.id, editorial: "on" });
    expect(retyped.status).toBe(303);
    expect((await claimsOf(idFrom(retyped.location))).find((c) => c.property === "member")!.ref_id).toBe(a.id);
  });

  it("creates a legal case with its parties, court and dates", async () => {
    const accused = await buildEntity(t.db, { label: uniq("Fictional Accused"), visibility: "team" });
    const court = await buildEntity(t.db, { type: "organization", label: uniq("Fictional Court"), visibility: "team" });
    const r = await create(editor, "en", {
      type: "legal_case",
      label: uniq("Fictional case"),
      part_accused: accused.id,
      part_court: court.id,
      part_jurisdiction: "universal jurisdiction (fictional)",
      part_outcome: "pending (fictional)",
      part_filed: "2019-11-09",
      sourceId,
    });
    expect(r.status, r.text.slice(0, 3000)).toBe(303);
    const claims = await claimsOf(idFrom(r.location));
    expect(claims.map((c) => c.property)).toEqual(["accused", "court", "filed", "jurisdiction", "outcome"]);
  });
});

describe("relations on the public site", () => {
  it("shows an occupancy made with the form on the public person page, once everything is public", async () => {
    const made = new Map<string, string>();
    for (const [key, type, label] of [["source", "source", "Fictional Gazette"], ["person", "person", "Fictional Farhad Sadeghpour"], ["position", "position", "Fictional Deputy Governor"]] as const) {
      const r = await create(editor, "en", { type, label: uniq(label), visibility: "team", isFictional: "on", editorial: "on" });
      made.set(key, idFrom(r.location));
    }
    const r = await create(editor, "en", { type: "occupancy", part_holder: made.get("person")!, part_position: made.get("position")!, part_start: "1365", part_start_calendar: "jalali", sourceId: made.get("source")!, loc_page: "9" });
    expect(r.status).toBe(303);
    made.set("occupancy", idFrom(r.location));
    // Made public by a system actor (a member's publication may need a second member's review).
    for (const id of made.values()) {
      await t.db.transaction().execute(async (trx) => {
        const e = await editEntity(trx, testActor, id, { version: 1, visibility: "public" });
        const claims = await trx.selectFrom("claim").select(["id", "version"]).where("entity_id", "=", e.id).execute();
        for (const c of claims) await editClaim(trx, testActor, c.id, { version: c.version, visibility: "public" });
      });
    }
    const person = await t.db.selectFrom("entity").select(["slug"]).where("id", "=", made.get("person")!).executeTakeFirstOrThrow();
    const position = await t.db.selectFrom("entity").select(["label"]).where("id", "=", made.get("position")!).executeTakeFirstOrThrow();
    const pub = await app.request(`http://localhost/en/people/${encodeURIComponent(person.slug)}`);
    const html = await pub.text();
    expect(pub.status).toBe(200);
    expect(html).toContain("Career");
    expect(html).toContain(position.label);
  });
});

describe("editing a record", () => {
  it("saves at the version shown, and refuses a stale version without overwriting", async () => {
    const e = await buildEntity(t.db, { label: uniq("Fictional Edit"), visibility: "team" });
    await editor.get(`/team/en/entities/${e.id}/edit`);
    const ok = await editor.post(`/team/en/entities/${e.id}/edit`, { version: "1", label: "Fictional Edited", slug: "", visibility: "team" });
    expect(ok.status).toBe(303);
    const stale = await editor.post(`/team/en/entities/${e.id}/edit`, { version: "1", label: "Fictional Stale", visibility: "team" });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("Someone else changed this record");
    expect(stale.text).toContain('value="2"');
    expect(stale.text).toContain('value="Fictional Edited"');
    const row = await t.db.selectFrom("entity").selectAll().where("id", "=", e.id).executeTakeFirstOrThrow();
    expect([row.label, row.version]).toEqual(["Fictional Edited", 2]);
    const bad = await editorFa.post(`/team/fa/entities/${e.id}/edit`, { version: "2", label: "", visibility: "team" });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.text, "label")).toBe("لازم است.");
  });
});

describe("lookup", () => {
  it("finds a person by the Persian and the Latin spelling of one name", async () => {
    const p = await buildEntity(t.db, { label: uniq("Fictional Person"), visibility: "team" });
    for (const text of ["بهرام نیک‌سرشت", "Bahram Nikseresht"]) {
      await t.db.transaction().execute((trx) =>
        createClaim(trx, testActor, { entityId: p.id, property: "name", value: { type: "name", text, kind: "full" }, sources: [{ sourceId }], editorial: false, confidence: "medium", visibility: "team", status: "asserted" }),
      );
    }
    for (const q of ["Bahram Nikseresht", "بهرام نیکسرشت", "Niksereht"]) {
      const r = await editor.get(`/team/en/entities/lookup?q=${encodeURIComponent(q)}&type=person`);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.text).items.map((i: { id: string }) => i.id), q).toContain(p.id);
    }
    const none = await editor.get(`/team/en/entities/lookup?q=${encodeURIComponent("Bahram Niksereshta")}&type=place`);
    expect(JSON.parse(none.text).items.map((i: { id: string }) => i.id)).not.toContain(p.id);
  });

  it("never shows a confidential record or its label to a member who may not read it", async () => {
    const secret = uniq("Fictional Witness Shirin");
    const p = await buildEntity(t.db, { label: secret, visibility: "confidential" });
    await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, { entityId: p.id, property: "name", value: { type: "name", text: "Shirin Fictionalzadeh", kind: "full" }, sources: [{ sourceId }], editorial: false, confidence: "medium", visibility: "confidential", status: "asserted" }),
    );
    const seenByEditor = await editor.get(`/team/en/entities/lookup?q=${encodeURIComponent("Shirin Fictionalzadeh")}`);
    expect(JSON.parse(seenByEditor.text).items.map((i: { id: string }) => i.id)).toContain(p.id);
    for (const q of ["Shirin Fictionalzadeh", p.id, p.slug, secret]) {
      const r = await viewer.get(`/team/en/entities/lookup?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(p.id);
      expect(r.text).not.toContain("Shirin");
    }
    const anonymous = await new TestBrowser(app).get("/team/en/entities/lookup?q=Shirin");
    expect(anonymous.status).toBe(302);
  });
});
