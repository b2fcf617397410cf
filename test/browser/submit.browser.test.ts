/**
 * The public form in Debian's headless Chromium: sent with JavaScript off (with a file), it arrives
 * and answers with a receipt; under load, Sabt's own proof-of-work script solves the challenge under
 * the strict CSP and the post arrives; axe-core finds no violation on the form in either language.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createApp } from "../../src/server/index.ts";
import { createSiteRoutes } from "../../src/site/site.routes.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)("the public form in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  const count = async () => Number((await t.db.selectFrom("submission").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestDatabase();
    const limits = { perAddress: 100, powAbove: 2, global: 100, powBits: 12 };
    server = await serveApp((origin) =>
      createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin, SABT_LOG_LEVEL: "silent" }) }, [createSiteRoutes({ cacheTtlMs: 0, submit: { limits } })]),
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  it("sends a testimony with a file with JavaScript off and shows the receipt", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.origin}/fa/submit`);
    await page.check("input[name=kind][value=testimony]");
    await page.fill("#text", "شهادتی خیالی: برادرم در تابستان جابه‌جا شد");
    await page.fill("#contact", "fictional-contact-1");
    await page.setInputFiles("#files", { name: "fictional-letter.txt", mimeType: "text/plain", buffer: Buffer.from("a fictional letter") });
    await Promise.all([page.waitForLoadState("load"), page.click("form.submit button[type=submit]")]);
    const code = await page.textContent("output.receipt");
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    expect(await count()).toBe(1);
    expect(await t.db.selectFrom("submission_file").selectAll().execute()).toHaveLength(1);
    await context.close();
  }, 60_000);

  it("under load, solves the proof-of-work with Sabt's own script under the strict CSP, and the post arrives", async () => {
    // A second post puts the form over its load threshold (two posts this hour).
    const quiet = await browser.newContext({ javaScriptEnabled: false });
    const q = await quiet.newPage();
    await q.goto(`${server.origin}/en/submit`);
    await q.check("input[name=kind][value=missing]");
    await q.fill("#text", "Fictional: my uncle is on no list");
    await Promise.all([q.waitForLoadState("load"), q.click("form.submit button[type=submit]")]);
    expect(await count()).toBe(2);
    // Without JavaScript, the form now says to come back later, and a post is refused.
    await q.goto(`${server.origin}/en/submit`);
    expect(await q.textContent("main")).toContain("Without JavaScript, please try again later");
    await q.check("input[name=kind][value=missing]");
    await q.fill("#text", "Fictional: refused without a proof-of-work");
    await Promise.all([q.waitForLoadState("load"), q.click("form.submit button[type=submit]")]);
    expect(await q.textContent("main")).toContain("heavy load");
    expect(await count()).toBe(2);
    await quiet.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await armInjectionProbes(page);
    const problems: string[] = [];
    for (const lang of ["fa", "en"] as const) {
      await page.goto(`${server.origin}/${lang}/submit`);
      await checkPage(page, `/${lang}/submit`, problems);
    }
    expect(await page.locator("script[src^='/assets/submit-pow-']").count()).toBe(1);
    await page.check("input[name=kind][value=correction]");
    await page.fill("#text", "Fictional: the date of his transfer is wrong");
    await Promise.all([page.waitForURL(`${server.origin}/en/submit`), page.click("form.submit button[type=submit]")]);
    await page.waitForSelector("output.receipt", { timeout: 30_000 });
    await checkPage(page, "receipt", problems);
    expect(problems).toEqual([]);
    expect(await count()).toBe(3);
    await context.close();
  }, 120_000);
});
