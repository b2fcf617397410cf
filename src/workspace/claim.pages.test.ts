/**
 * The claim form with every value type and its citation, and the article editor with its preview,
 * in-process and in both languages: good input saved, bad input shown beside its field with
 * nothing saved, stale versions refused, evidence locators kept across edits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor, uniq } from "../../test/factories.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { createClaim } from "../claims/index.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";

let t: TestDatabase;
let app: App;
let editor: TestBrowser;
let editorFa: TestBrowser;
let sourceId = "";
let sourceLabel = "";

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const e = await buildMember(t.db, "editor");
  editor = new TestBrowser(app);
  await editor.signIn(e.email, e.password);
  editorFa = new TestBrowser(app);
  await editorFa.signIn(e.email, e.password, "fa");
  sourceLabel = uniq("Fictional Commission Report");
  sourceId = (await buildSource(t.db, { label: sourceLabel })).id;
  // Found by its title, as a source created in the workspace is.
  await t.db.transaction().execute((trx) =>
    createClaim(trx, testActor, { entityId: sourceId, property: "title", value: { type: "text", text: sourceLabel, lang: "en" }, sources: [], editorial: true, confidence: "medium", visibility: "public", status: "asserted" }),
  );
}, 120_000);
afterAll(async () => {
  await t.close();
});

const claimsOf = (entityId: string) => t.db.selectFrom("claim").selectAll().where("entity_id", "=", entityId).orderBy("created_at").execute();
const errorOf = (html: string, field: string) => new RegExp(`id="${field}-err"[^>]*>([^<]*)<`).exec(html)?.[1] ?? "";

async function add(b: TestBrowser, lang: "en" | "fa", entityId: string, fields: Record<string, string>) {
  await b.get(`/team/${lang}/entities/${entityId}/claims/new`);
  return b.post(`/team/${lang}/entities/${entityId}/claims`, { confidence: "medium", visibility: "team", ...fields });
}

describe("claim form value types", () => {
  it("saves every value type, each cited to a source picked by name with its locator", async () => {
    const person = await buildEntity(t.db, { visibility: "team" });
    const place = await buildEntity(t.db, { type: "place", label: uniq("Fictional Town"), visibility: "team" });
    const cite = { sourceId_q: sourceLabel, loc_page: "4", loc_paragraph: "2", loc_timestamp: "00:12:30" };
    const cases: [Record<string, string>, string, unknown][] = [
      [{ property: "note", valueType: "text", value: "Fictional note", valueLang: "en" }, "text", { type: "text", text: "Fictional note", lang: "en" }],
      [{ property: "name", valueType: "name", value: "کاوه خیالی", nameKind: "family" }, "name", { type: "name", text: "کاوه خیالی", kind: "family" }],
      [{ property: "death_date", valueType: "date", value: "1367-05", value_calendar: "jalali" }, "date", undefined],
      [{ property: "age", valueType: "number", value: "۳۴", unit: "years" }, "number", { type: "number", amount: 34, unit: "years" }],
      [{ property: "executed", valueType: "boolean", bool: "yes" }, "boolean", { type: "boolean", value: true }],
      [{ property: "coordinates", valueType: "geo", lat: "35.6892", lon: "51.389", precision: "exact" }, "geo", { type: "geo", lat: 35.6892, lon: 51.389, precision: "exact" }],
      [{ property: "website", valueType: "url", value: "https://example.org/fictional" }, "url", { type: "url", url: "https://example.org/fictional" }],
      [{ property: "birth_place", valueType: "entity", ref_q: place.slug }, "entity", { type: "entity", id: place.id }],
    ];
    for (const [fields, type, value] of cases) {
      const r = await add(editor, "en", person.id, { ...fields, ...cite });
      expect(r.status, `${type}: ${[...r.text.matchAll(/id="([a-z_]+)-err">([^<]*)</gi)].map((m) => `${m[1]}: ${m[2]}`).join(" | ")}`).toBe(303);
      const stored = (await claimsOf(person.id)).at(-1)!;
      expect(stored.value_type).toBe(type);
      if (value) expect(stored.value).toMatchObject(value as object);
      expect(stored.sources).toEqual([{ sourceId, locator: { page: "4", paragraph: "2", timestamp: "00:12:30" } }]);
    }
    const page = await editor.get(`/team/en/entities/${person.id}`);
    expect(page.text).toContain(place.label);
    const edit = await editor.get(`/team/en/claims/${(await claimsOf(person.id)).find((c) => c.value_type === "geo")!.id}/edit`);
    expect(edit.text).toContain('role="img"');
    expect(edit.text).toContain('cx="231.389"');
  });

  it("refuses bad values and a missing source beside their fields, in the page's language, keeping the input", async () => {
    const person = await buildEntity(t.db, { visibility: "team" });
    const bad: [Record<string, string>, string, string][] = [
      [{ property: "coordinates", valueType: "geo", lat: "95", lon: "51", sourceId }, "lat", "Latitude is a number from -90 to 90."],
      [{ property: "coordinates", valueType: "geo", lat: "35", lon: "east", sourceId }, "lon", "Longitude is a number from -180 to 180."],
      [{ property: "age", valueType: "number", value: "many", sourceId }, "value", "Enter a number."],
      [{ property: "death_date", valueType: "date", value: "1367-14", value_calendar: "jalali", sourceId }, "value", "This date cannot be read"],
      [{ property: "website", valueType: "url", value: "javascript:alert(1)", sourceId }, "value", "Enter an http or https address."],
      [{ property: "Bad Property", valueType: "text", value: "x", sourceId }, "property", "Use snake_case"],
      [{ property: "note", valueType: "text", value: "Fictional unsourced note" }, "sourceId", "Pick a source, or mark the claim as editorial."],
      [{ property: "executed", valueType: "boolean", sourceId }, "bool", "Required."],
      [{ property: "birth_place", valueType: "entity", ref_q: "constructor", sourceId }, "ref", "No record you may see matches this."],
    ];
    for (const [fields, field, message] of bad) {
      const r = await add(editor, "en", person.id, fields);
      expect(r.status, field).toBe(400);
      expect(errorOf(r.text, field), field).toContain(message);
    }
    const fa = await add(editorFa, "fa", person.id, { property: "note", valueType: "text", value: "یادداشت خیالی بی‌منبع" });
    expect(errorOf(fa.text, "sourceId")).toBe("یک منبع برگزینید، یا ادعا را ویراستاری علامت بزنید.");
    expect(fa.text).toContain("یادداشت خیالی بی‌منبع");
    expect(await claimsOf(person.id)).toEqual([]);
    const editorial = await add(editorFa, "fa", person.id, { property: "note", valueType: "text", value: "یادداشت ویراستاری", editorial: "on" });
    expect(editorial.status).toBe(303);
  });

  it("keeps an evidence citation's archive item across an edit, and refuses a stale one", async () => {
    const person = await buildEntity(t.db, { visibility: "team" });
    const claim = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, { entityId: person.id, property: "note", value: { type: "text", text: "Fictional testimony note" }, sources: [{ sourceId, locator: { page: "1", archiveItemId: "item-1" } }], editorial: false, confidence: "medium", visibility: "team", status: "asserted" }),
    );
    const form = await editor.get(`/team/en/claims/${claim.id}/edit`);
    expect(form.text).toContain(`value="${sourceLabel}"`);
    const r = await editor.post(`/team/en/claims/${claim.id}`, { version: "1", valueType: "text", value: "Fictional testimony note", sourceId, sourceId_q: sourceLabel, loc_page: "2", confidence: "high", visibility: "team", status: "asserted" });
    expect(r.status, r.text.slice(0, 2000)).toBe(303);
    const [row] = await claimsOf(person.id);
    expect(row!.sources).toEqual([{ sourceId, locator: { page: "2", archiveItemId: "item-1" } }]);
    expect([row!.version, row!.confidence, row!.value_text]).toEqual([2, "high", "Fictional testimony note"]);
    const stale = await editorFa.post(`/team/fa/claims/${claim.id}`, { version: "1", valueType: "text", value: "نسخهٔ کهنه", sourceId, confidence: "low", visibility: "team", status: "asserted" });
    expect(stale.status).toBe(409);
    expect((await claimsOf(person.id))[0]!.value_text).toBe("Fictional testimony note");
  });
});

describe("articles", () => {
  it("previews the body with the public renderer without saving, then creates a scheduled article with its tag", async () => {
    const tag = await buildEntity(t.db, { type: "tag", label: uniq("Fictional topic"), visibility: "public" });
    const before = Number((await t.db.selectFrom("entity").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    await editor.get("/team/en/entities/new?type=article");
    const fields = { type: "article", label: uniq("Fictional article"), visibility: "public", articleLang: "en", title: "A fictional title", summary: "Fictional summary", body: "**bold** <script>x</script>[^1]", tag: tag.id, published: "2090-01-01", published_calendar: "gregorian" };
    const preview = await editor.post("/team/en/entities", { ...fields, preview: "1" });
    expect(preview.status, [...preview.text.matchAll(/-err">([^<]*)</g)].map((m) => m[1]).join(" | ")).toBe(200);
    expect(preview.text).toContain("<strong>bold</strong>");
    expect(preview.text).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(preview.text).toContain('href="#fn-1"');
    expect(Number((await t.db.selectFrom("entity").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n)).toBe(before);
    const r = await editor.post("/team/en/entities", fields);
    expect(r.status, r.text.slice(0, 2000)).toBe(303);
    const id = decodeURIComponent(/entities\/([^/#?]+)/.exec(r.location!)![1]!);
    const claims = await claimsOf(id);
    expect(claims.map((c) => c.property).sort()).toEqual(["body", "published", "summary", "tag", "title"]);
    expect(claims.find((c) => c.property === "tag")!.ref_id).toBe(tag.id);
    // Scheduled: public, but not in the public projection before its date.
    const pub = await t.db.selectFrom("public_entity" as never).select("id" as never).where("id" as never, "=", id as never).execute();
    expect(pub).toEqual([]);

    const editorPage = await editorFa.get(`/team/fa/entities/${id}/article?articleLang=en`);
    expect(editorPage.status).toBe(200);
    expect(editorPage.text).toContain("A fictional title");
    const saved = await editorFa.post(`/team/fa/entities/${id}/article`, {
      ...Object.fromEntries([...editorPage.text.matchAll(/name="(v_[a-z]+)" value="([^"]+)"/g)].map((m) => [m[1]!, m[2]!])),
      articleLang: "en",
      title: "A fictional title, revised",
      summary: "Fictional summary",
      body: "**bold**",
      published: "2090-01-01",
      published_calendar: "gregorian",
    });
    expect(saved.status, saved.text.slice(0, 2000)).toBe(303);
    const title = (await claimsOf(id)).find((c) => c.property === "title")!;
    expect([title.value_text, title.version]).toEqual(["A fictional title, revised", 2]);
    const stale = await editorFa.post(`/team/fa/entities/${id}/article`, { v_title: `${title.id}:1`, articleLang: "en", title: "Stale title" });
    expect(stale.status).toBe(409);
    expect((await claimsOf(id)).find((c) => c.property === "title")!.value_text).toBe("A fictional title, revised");
  });
});
