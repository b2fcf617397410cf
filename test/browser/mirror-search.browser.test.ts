/**
 * The static mirror's search in Debian's headless Chromium (issue 12): `exportSite` writes a small
 * fictional collection, which is then searched by a Persian and by a Latin spelling of one person,
 * first served by a plain static server (sending Sabt's CSP, so no inline script could run) and then
 * opened from the folder (file://). Every request the browser makes is recorded: none may leave the
 * mirror, and a search must load only a few of the index's files.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { buildEntity, buildSource, testActor } from "../factories.ts";
import { createSiteFixture, type SiteFixture, TEST_BASE } from "../site.ts";
import { createClaims, type ClaimCreateReq } from "../../src/claims/index.ts";
import { CONTENT_SECURITY_POLICY } from "../../src/http/index.ts";
import { exportSite } from "../../src/site/index.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".xml": "application/xml", ".png": "image/png", ".svg": "image/svg+xml" };

/** A plain static file server over a folder (no charset announced), with Sabt's CSP on every answer. */
async function serveFolder(dir: string): Promise<{ origin: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream", "Content-Security-Policy": CONTENT_SECURITY_POLICY });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!hasChromium)("the static mirror's search in Chromium", () => {
  let f: SiteFixture;
  let browser: Browser;
  let dir = "";
  let slug = "";
  let indexFiles = 0;
  let server: Awaited<ReturnType<typeof serveFolder>>;

  beforeAll(async () => {
    f = await createSiteFixture({ victims: 15 });
    const source = await buildSource(f.t.db);
    const person = await buildEntity(f.t.db, { label: "Fictional Golrokh Varghanian" });
    slug = person.slug;
    const name = (text: string): ClaimCreateReq => ({
      entityId: person.id,
      property: "name",
      value: { type: "name", text, kind: "full" },
      sources: [{ sourceId: source.id }],
      editorial: false,
      confidence: "medium",
      visibility: "public",
      status: "asserted",
    });
    await f.t.db.transaction().execute((trx) => createClaims(trx, testActor, [name("گلرخ ورقانیان"), name("Golrokh Varghanian")]));
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "sabt-mirror-")));
    const report = await exportSite(f.app, dir, TEST_BASE, { shareImages: false, db: f.t.db });
    expect(report.missing).toEqual([]);
    indexFiles = report.search?.files ?? 0;
    server = await serveFolder(dir);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await f?.t.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Searches from a mirror's search page as a visitor does (types, submits), then follows the hit
   * to the person's page; returns the index files the search loaded.
   */
  async function searchAndFollow(page: Page, searchUrl: string, query: string, expectTitle: string, requests: string[]): Promise<string[]> {
    await page.goto(searchUrl);
    const before = requests.length;
    await page.fill("#q", query);
    await Promise.all([page.waitForURL(/index\.html\?q=/), page.click("main form.search button[type=submit]")]);
    const hit = page.locator("main ul.cards a", { hasText: expectTitle });
    await hit.first().waitFor({ timeout: 15_000 });
    const loaded = requests.slice(before).filter((u) => u.includes("/search-index/") && !u.endsWith("/search.js"));
    await Promise.all([page.waitForURL(new RegExp(`/people/${encodeURIComponent(slug)}/index\\.html$`)), hit.first().click()]);
    expect(await page.textContent("h1")).toBeTruthy();
    return loaded;
  }

  for (const transport of ["http", "file"] as const) {
    it(`finds a person by a Persian and by a Latin spelling, ${transport === "http" ? "served by a static server under Sabt's CSP" : "opened from the folder"}`, async () => {
      const root = transport === "http" ? `${server.origin}/` : pathToFileURL(dir).href + "/";
      const context = await browser.newContext();
      const page = await context.newPage();
      await armInjectionProbes(page);
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      const problems: string[] = [];
      for (const [lang, query, title] of [
        ["fa", "گلرخ ورقانیان", "گلرخ ورقانیان"],
        ["fa", "Golrokh Varghanian", "گلرخ ورقانیان"],
        ["en", "Golrokh Varghanian", "Golrokh Varghanian"],
        ["en", "گلرخ", "Golrokh Varghanian"],
        ["en", "Golrokh Varghaniyan", "Golrokh Varghanian"],
      ] as const) {
        const loaded = await searchAndFollow(page, `${root}${lang}/search/index.html`, query, title, requests);
        // The query's shards and the one chunk of records holding the hit, not the whole index.
        expect(loaded.length, `${lang} ${query}: ${loaded.join(", ")}`).toBeGreaterThan(0);
        expect(loaded.length, `${lang} ${query}: ${loaded.join(", ")}`).toBeLessThanOrEqual(8);
        await page.goBack();
        await page.locator("main ul.cards a").first().waitFor();
        await checkPage(page, `${transport} ${lang} ${query}`, problems);
      }
      expect(indexFiles).toBeGreaterThan(100);
      expect(problems).toEqual([]);
      const outside = requests.filter((u) => !u.startsWith(root));
      expect(outside).toEqual([]);
      await context.close();
    }, 180_000);
  }
});
