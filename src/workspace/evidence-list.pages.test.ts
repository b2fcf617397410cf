/**
 * The evidence pages over HTTP, in both languages: the list with its filters (search reaching into
 * PDF text, type, date, who added it by name, cited or not), the multipart upload (several files;
 * refused files named beside the field with nothing saved; PDFs queued for text extraction), the
 * viewer's page texts and citation form (bad input beside its field, nothing half-saved; a good
 * citation makes a claim whose locator holds the item, page and quote), and the pdf.js files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource } from "../../test/factories.ts";
import { testJobContext } from "../../test/job-context.ts";
import { externalRequests } from "../../test/html-checks.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { openBlobStore, PDF_TEXT, pdfTextJob, PdfTextJobPayload } from "../archive/index.ts";
import { makeSimplePdf } from "../../test/simple-pdf.ts";
import { loadConfig, type Config } from "../config/index.ts";
import type { Entity } from "../entities/index.ts";
import type { App } from "../http/index.ts";
import { listJobs } from "../jobs/index.ts";
import { createApp, routeModules } from "../server/index.ts";
import { PDFJS_LIB, PDFJS_WORKER } from "./evidence.assets.ts";

let t: TestDatabase;
let config: Config;
let app: App;
let editor: TestBrowser;
let editorName = "";
let reader: TestBrowser;
let person: Entity;
let source: Entity;
let pdfId = "";

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)]);
const items = async () => Number((await t.db.selectFrom("archive_item").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
const claims = async () => Number((await t.db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

/** Posts a multipart form as the browser would, with the last page's anti-CSRF token. */
function upload(b: TestBrowser, lang: "en" | "fa", files: { name: string; type: string; bytes: Buffer }[], fields: Record<string, string> = {}, csrf = true) {
  const form = new FormData();
  if (csrf) form.set("_csrf", b.lastCsrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append("files", new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
  return b.request(`/team/${lang}/evidence/upload`, { method: "POST", body: form, headers: { Origin: b.origin, "Sec-Fetch-Site": "same-origin" } });
}

beforeAll(async () => {
  t = await createTestDatabase();
  config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" });
  app = createApp({ db: t.db, config }, routeModules());
  const e = await buildMember(t.db, "editor");
  editorName = (await t.db.selectFrom("app_user").select("name").where("id", "=", e.id).executeTakeFirstOrThrow()).name;
  editor = new TestBrowser(app);
  await editor.signIn(e.email, e.password);
  const v = await buildMember(t.db, "viewer");
  reader = new TestBrowser(app);
  await reader.signIn(v.email, v.password);
  person = await buildEntity(t.db, { label: "Fictional Golnar Vashti" });
  source = await buildSource(t.db, { label: "Fictional Rights Bulletin" });
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe("uploading on the evidence page", () => {
  it("stores several files, queues the PDF's text extraction, and lists them newest first", async () => {
    await editor.get("/team/en/evidence");
    const pdf = makeSimplePdf([["Fictional bulletin, page one."], ["The Ashgrove checkpoint was closed at dawn."]]);
    const r = await upload(editor, "en", [
      { name: "bulletin.pdf", type: "application/pdf", bytes: pdf },
      { name: "note.txt", type: "text/plain", bytes: Buffer.from("A fictional field note.") },
    ], { title: "Fictional bulletin", visibility: "team" });
    expect(r.status).toBe(303);
    expect(r.location).toBe("/team/en/evidence?uploaded=2");
    const jobs = await listJobs(t.db, { kinds: [PDF_TEXT.kind] });
    expect(jobs).toHaveLength(1);
    const payload = PdfTextJobPayload.parse(jobs[0]!.payload);
    pdfId = payload.itemId;
    const store = openBlobStore(config.blobStore);
    await pdfTextJob(store)(t.db, payload, testJobContext(jobs[0]!.id));
    const list = await editor.get("/team/en/evidence?uploaded=2");
    expect(list.text).toContain("Files added: 2.");
    expect(list.text.indexOf("Fictional bulletin (note.txt)")).toBeLessThan(list.text.indexOf("Fictional bulletin (bulletin.pdf)"));
    expect(list.text).toContain(editorName);
  });

  it("names each refused file beside the field in the page's language, keeps the title and saves nothing", async () => {
    const before = await items();
    await editor.get("/team/en/evidence");
    const en = await upload(editor, "en", [
      { name: "fine.txt", type: "text/plain", bytes: Buffer.from("Fine.") },
      { name: "tool.exe", type: "application/octet-stream", bytes: ELF },
      { name: "empty.txt", type: "text/plain", bytes: Buffer.alloc(0) },
    ], { title: "Kept title" });
    expect(en.status).toBe(400);
    expect(en.text).toContain('id="upload-files-error"');
    expect(en.text).toContain("tool.exe: programs are not accepted through the browser");
    expect(en.text).toContain("empty.txt: the file is empty.");
    expect(en.text).toContain('value="Kept title"');
    await editor.get("/team/fa/evidence");
    const fa = await upload(editor, "fa", [{ name: "tool.exe", type: "", bytes: ELF }], { title: "constructor" });
    expect(fa.status).toBe(400);
    expect(fa.text).toContain("tool.exe: برنامه‌ها از راه مرورگر پذیرفته نمی‌شوند");
    const none = await upload(editor, "fa", []);
    expect(none.text).toContain("دست‌کم یک پرونده برگزینید.");
    const long = await upload(editor, "en", [{ name: "a.txt", type: "text/plain", bytes: Buffer.from("a") }], { title: "x".repeat(1001) });
    expect(long.text).toContain('id="upload-title-error"');
    expect(await items()).toBe(before);
  });

  it("refuses an upload without the anti-CSRF token and any upload by a read-only viewer", async () => {
    const before = await items();
    const noToken = await upload(editor, "en", [{ name: "a.txt", type: "text/plain", bytes: Buffer.from("a") }], {}, false);
    expect(noToken.status).toBe(403);
    const page = await reader.get("/team/en/evidence");
    expect(page.text).not.toContain('id="upload-form"');
    const denied = await upload(reader, "en", [{ name: "a.txt", type: "text/plain", bytes: Buffer.from("a") }]);
    expect(denied.status).toBe(403);
    expect(await items()).toBe(before);
  });
});

describe("the evidence list", () => {
  it("finds a PDF by its extracted text and filters by type, date, adder and citation", async () => {
    const hit = await editor.get("/team/en/evidence?q=ashgrove+CHECKPOINT");
    expect(hit.text).toContain(`/team/en/evidence/${pdfId}`);
    expect(hit.text).toContain("Items found: 1");
    expect((await editor.get("/team/en/evidence?q=ashgrove&type=image")).text).toContain("No archived item matches.");
    expect((await editor.get("/team/en/evidence?type=pdf&cited=no")).text).toContain(pdfId);
    expect((await editor.get("/team/en/evidence?cited=yes")).text).not.toContain(pdfId);
    expect((await editor.get("/team/en/evidence?to=2001-01-01")).text).not.toContain(pdfId);
    expect((await editor.get("/team/fa/evidence?addedBy=constructor")).text).toContain("هیچ قلم بایگانی‌شده‌ای پیدا نشد.");
  });

  it("answers a bad filter beside its field in both languages", async () => {
    const en = await editor.get("/team/en/evidence?from=yesterday&q=kept");
    expect(en.status).toBe(400);
    expect(en.text).toContain('id="ev-from-error"');
    expect(en.text).toContain("Give a date as YYYY-MM-DD.");
    expect(en.text).toContain('value="kept"');
    const fa = await editor.get("/team/fa/evidence?type=__proto__");
    expect(fa.status).toBe(400);
    expect(fa.text).toContain("این مقدار از گزینه‌ها نیست.");
  });
});

describe("the viewer and the citation form", () => {
  it("offers each page's text, the pdf.js viewer and the citation form", async () => {
    const r = await editor.get(`/team/fa/evidence/${pdfId}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('id="pdf-viewer"');
    expect(r.text).toContain("The Ashgrove checkpoint was closed at dawn.");
    expect(r.text).toContain('data-page="2"');
    expect(r.text).toContain('id="cite-form"');
    expect(r.text).toContain(`>${source.label}<`);
    expect((await reader.get(`/team/en/evidence/${pdfId}`)).text).not.toContain('id="cite-form"');
  });

  it("answers bad citations beside their fields in the page's language and saves nothing", async () => {
    const before = await claims();
    const good = { entity: person.slug, property: "detention_place", value: "Ashgrove checkpoint", sourceId: source.id, page: "2", quote: "The Ashgrove checkpoint was closed at dawn.", visibility: "public" };
    const cases: [Record<string, string>, string, string][] = [
      [{ entity: "constructor" }, "cite-entity-error", "No record with this id or slug that you may see."],
      [{ property: "Not Snake" }, "cite-property-error", "Use snake_case letters"],
      [{ value: " " }, "cite-value-error", "Give the value the passage supports."],
      [{ sourceId: person.id }, "cite-sourceId-error", "This is not a source you may cite."],
      [{ page: "3" }, "cite-page-error", "Give a page number of this document."],
      [{ quote: "x".repeat(2001) }, "cite-quote-error", "Give the quoted passage"],
      [{ visibility: "__proto__" }, "cite-visibility-error", "Choose public, team or confidential."],
    ];
    await editor.get(`/team/en/evidence/${pdfId}`);
    for (const [over, id, message] of cases) {
      const r = await editor.post(`/team/en/evidence/${pdfId}/cite`, { ...good, ...over });
      expect(r.status, id).toBe(400);
      expect(r.text).toContain(`id="${id}"`);
      expect(r.text).toContain(message);
      // What was typed is kept.
      expect(r.text).toContain(`id="cite-entity" name="entity" type="text" dir="ltr" required="" value="${over.entity ?? person.slug}"`);
    }
    await editor.get(`/team/fa/evidence/${pdfId}`);
    const fa = await editor.post(`/team/fa/evidence/${pdfId}/cite`, { ...good, page: "0" });
    expect(fa.text).toContain("شمارهٔ صفحه‌ای از این سند را بدهید.");
    expect(await claims()).toBe(before);
  });

  it("makes the claim with the item, page and quote as its locator", async () => {
    await editor.get(`/team/en/evidence/${pdfId}`);
    const r = await editor.post(`/team/en/evidence/${pdfId}/cite`, {
      entity: person.slug,
      property: "detention_place",
      value: "Ashgrove checkpoint",
      sourceId: source.id,
      page: "2",
      quote: "  The Ashgrove checkpoint was closed at dawn.  ",
      visibility: "public",
    });
    expect(r.status).toBe(303);
    const row = await t.db.selectFrom("claim").select(["sources", "visibility", "entity_id"]).where("entity_id", "=", person.id).executeTakeFirstOrThrow();
    expect(row.sources).toEqual([{ sourceId: source.id, locator: { archiveItemId: pdfId, page: 2, quote: "The Ashgrove checkpoint was closed at dawn." } }]);
    expect(row.visibility).toBe("public");
    const page = await editor.get(`/team/en/evidence/${pdfId}`);
    expect(page.text).toContain("Ashgrove checkpoint");
    expect((await editor.get("/team/en/evidence?cited=yes")).text).toContain(pdfId);
  });
});

describe("the viewer's files", () => {
  it("serves pdf.js and its worker from Sabt with a year of caching, and our module without", async () => {
    for (const url of [PDFJS_LIB, PDFJS_WORKER]) {
      const r = await editor.get(url);
      expect(r.status).toBe(200);
      expect(r.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
      expect(r.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
      expect(r.text.length).toBeGreaterThan(10_000);
    }
    expect((await editor.get("/team/assets/pdfjs/0.0.0/pdf.min.mjs")).status).toBe(404);
    expect((await editor.get(PDFJS_LIB.replace("pdf.min.mjs", "constructor"))).status).toBe(404);
    const own = await editor.get("/team/assets/evidence.js");
    expect(own.headers.get("Cache-Control")).toBe("no-store");
    const page = await editor.get("/team/en/evidence");
    const viewer = await editor.get(`/team/fa/evidence/${pdfId}`);
    expect([...externalRequests(page.text, editor.origin), ...externalRequests(viewer.text, editor.origin)]).toEqual([]);
    expect(viewer.text).toContain(`src="/team/assets/evidence.js"`);
    expect(viewer.text).toContain(`data-lib="${PDFJS_LIB}"`);
    expect(page.headers.get("Content-Security-Policy")).toContain("worker-src 'self'");
    expect(page.headers.get("Content-Security-Policy")).not.toContain("unsafe");
  });
});
