/**
 * Evidence in Debian's headless Chromium: an editor uploads a fictional PDF through the browser
 * (the upload script's progress path), its text is extracted by the job runner, the viewer renders
 * it with pdf.js and a selectable text layer, a sentence selected there fills the citation form,
 * the claim is made public, and the record's public page shows the quote as the citation. Both
 * languages: axe-core reports nothing on the list and the viewer, and no CSP violation is reported.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildEntity, buildSource } from "../factories.ts";
import { buildMember } from "../workspace.ts";
import { openBlobStore, PDF_TEXT, pdfTextJob } from "../../src/archive/index.ts";
import { makeSimplePdf } from "../simple-pdf.ts";
import { loadConfig } from "../../src/config/index.ts";
import type { Entity } from "../../src/entities/index.ts";
import { defineJob, startJobRunner, type JobRunner } from "../../src/jobs/index.ts";
import { createApp, routeModules } from "../../src/server/index.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, PAYLOADS, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

const SENTENCE = "Detainees were moved to the Quillfern depot at night.";

describe.skipIf(!hasChromium)("evidence in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let runner: JobRunner;
  let editor: Awaited<ReturnType<typeof buildMember>>;
  let person: Entity;
  let source: Entity;

  beforeAll(async () => {
    t = await createTestDatabase();
    const config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" });
    server = await serveApp((origin) => createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin, SABT_LOG_LEVEL: "silent" }) }, routeModules()));
    const store = openBlobStore(config.blobStore);
    runner = startJobRunner(t.db, { definitions: [defineJob({ ...PDF_TEXT, run: (p, ctx) => pdfTextJob(store)(t.db, p, ctx) })], pollMs: 200 });
    editor = await buildMember(t.db, "editor");
    person = await buildEntity(t.db, { label: "Fictional Roshan Quillfern" });
    source = await buildSource(t.db, { label: "Fictional Monitoring Report" });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await runner?.stop();
    await server?.stop();
    await t?.close();
  });

  async function waitForText(itemTitle: string): Promise<string> {
    for (let i = 0; i < 150; i++) {
      const row = await t.db
        .selectFrom("archive_item")
        .innerJoin("archive_page_text", "archive_page_text.item_id", "archive_item.id")
        .select("archive_item.id")
        .where("archive_item.title", "=", itemTitle)
        .executeTakeFirst();
      if (row) return row.id;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("the PDF's text was never extracted");
  }

  it("uploads a PDF, cites a selected sentence from the viewer, and the public page shows the quote", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    await armInjectionProbes(page);
    const base = `${server.origin}/team/en`;
    await page.goto(`${base}/sign-in`);
    await page.fill("#email", editor.email);
    await page.fill("#password", editor.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click("main button[type=submit]")]);

    await page.goto(`${base}/evidence`);
    await checkPage(page, "evidence list (en)", problems);
    // A file over the 64 MiB limit (sparse on disk) is named before anything is sent.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-ev-"));
    const big = path.join(dir, "fictional-video.bin");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 65 * 1024 * 1024);
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(r.url());
    });
    await page.setInputFiles("#upload-files", big);
    await page.click("#upload-form button[type=submit]");
    await page.waitForFunction(() => (document.getElementById("upload-status")?.textContent ?? "").includes("fictional-video.bin"));
    expect(await page.textContent("#upload-status")).toBe("fictional-video.bin: larger than the limit of 64.0 MiB.");
    expect(posts).toEqual([]);
    fs.rmSync(dir, { recursive: true });

    const pdf = makeSimplePdf([["Fictional report: cover page."], [SENTENCE]], "Fictional report");
    // Two files at once; the second one's name is a script-injection payload, shown only as text.
    await page.setInputFiles("#upload-files", [
      { name: "quillfern-report.pdf", mimeType: "application/pdf", buffer: pdf },
      { name: `${PAYLOADS[1]}.txt`, mimeType: "text/plain", buffer: Buffer.from("A fictional note.") },
    ]);
    await page.fill("#upload-title", "Fictional Quillfern report");
    await page.selectOption("#upload-visibility", "team");
    // Our script posts with XMLHttpRequest (progress bar), then follows the server to the list.
    const [upload] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/team/en/evidence/upload")),
      page.waitForURL(/\/team\/en\/evidence\?uploaded=2$/),
      page.click("#upload-form button[type=submit]"),
    ]);
    expect(upload.resourceType()).toBe("xhr");
    expect(await page.textContent("main")).toContain(PAYLOADS[1]);
    await checkPage(page, "evidence list after the upload (en)", problems);
    const title = "Fictional Quillfern report (quillfern-report.pdf)";
    const itemId = await waitForText(title);
    await page.goto(`${base}/evidence?q=quillfern+depot&type=pdf`);
    expect(await page.locator("main table tbody tr").count()).toBe(1);

    await page.click(`text=${title}`);
    await page.waitForURL(`${base}/evidence/${itemId}`);
    await page.waitForSelector("#pdf-viewer[data-rendered='2']", { timeout: 30_000 });
    await page.waitForFunction((s) => Array.from(document.querySelectorAll(".textLayer span")).some((e) => e.textContent === s), SENTENCE);
    await checkPage(page, "viewer (en)", problems);
    // Select the sentence in the text layer of page 2, as a reader's drag would.
    await page.evaluate((s) => {
      const span = Array.from(document.querySelectorAll(".pdf-page[data-page='2'] .textLayer span")).find((e) => e.textContent === s)!;
      const range = document.createRange();
      range.selectNodeContents(span);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
    }, SENTENCE);
    await page.waitForTimeout(100);
    await page.click("#cite-selection");
    expect(await page.inputValue("#cite-quote")).toBe(SENTENCE);
    expect(await page.inputValue("#cite-page")).toBe("2");
    await page.fill("#cite-entity", person.slug);
    await page.fill("#cite-property", "detention_place");
    await page.fill("#cite-value", "Quillfern depot (fictional)");
    await page.selectOption("#cite-sourceId", source.id);
    await page.selectOption("#cite-visibility", "public");
    await Promise.all([page.waitForURL(`${base}/evidence/${itemId}#citing-h`), page.click("#cite-form button[type=submit]")]);
    expect(await page.textContent("#citing-h + *, aside")).toContain("Quillfern depot (fictional)");
    await page.waitForSelector("#pdf-viewer[data-rendered='2']", { timeout: 30_000 });
    await checkPage(page, "viewer with the new claim (en)", problems);

    await page.goto(`${server.origin}/team/fa/evidence`);
    await checkPage(page, "evidence list (fa)", problems);
    await page.goto(`${server.origin}/team/fa/evidence/${itemId}`);
    await page.waitForSelector("#pdf-viewer[data-rendered='2']", { timeout: 30_000 });
    await checkPage(page, "viewer (fa)", problems);
    expect(problems).toEqual([]);

    // Four eyes: the editor's public claim waits until a reviewer approves it, in the browser too.
    const before = await fetch(`${server.origin}/fa/people/${encodeURIComponent(person.slug)}`);
    expect(await before.text()).not.toContain(SENTENCE);
    const reviewer = await buildMember(t.db, "reviewer");
    const reviewing = await browser.newContext();
    const rp = await reviewing.newPage();
    await rp.goto(`${server.origin}/team/en/sign-in`);
    await rp.fill("#email", reviewer.email);
    await rp.fill("#password", reviewer.password);
    await Promise.all([rp.waitForURL(`${server.origin}/team/en/`), rp.click("main button[type=submit]")]);
    await rp.goto(`${server.origin}/team/en/review`);
    const item = rp.locator("li.review-item", { hasText: "Quillfern depot (fictional)" });
    expect(await item.textContent()).toContain(SENTENCE);
    await Promise.all([rp.waitForURL(/done=approved/), item.getByRole("button", { name: "Approve" }).click()]);
    await reviewing.close();
    const pub = await context.newPage();
    await pub.goto(`${server.origin}/en/people/${encodeURIComponent(person.slug)}`);
    const text = (await pub.textContent("main")) ?? "";
    expect(text).toContain(`p. 2, “${SENTENCE}”`);
    expect(await pub.locator(`a[href*="${itemId}"]`).count()).toBe(0);
    expect(await pub.content()).not.toContain(itemId);
    await context.close();
  }, 240_000);
});
