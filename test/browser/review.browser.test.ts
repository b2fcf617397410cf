/**
 * Four eyes in Debian's headless Chromium, through the browser only: a researcher proposes a public
 * value; a reviewer approves it in the queue and it appears on the public page; a proposal the
 * reviewer rejects (with a reason the author then reads) never does; an editor cannot approve their
 * own work. axe-core reports no violation on the queue in either language.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildEntity, buildSource } from "../factories.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createApp, routeModules } from "../../src/server/index.ts";
import { buildMember } from "../workspace.ts";
import { axeViolations, hasChromium, launchChromium, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)("four eyes in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let person = { id: "", slug: "" };
  let sourceSlug = "";
  const members: Record<"researcher" | "reviewer" | "editor", { email: string; password: string }> = {} as never;

  beforeAll(async () => {
    t = await createTestDatabase();
    // No response cache on the public side here: each public check must see the database as it is now.
    server = await serveApp((origin) =>
      createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin, SABT_LOG_LEVEL: "silent" }) }, routeModules()),
    );
    const p = await buildEntity(t.db, { label: "Fictional Person Golnar Reviewed" });
    person = { id: p.id, slug: p.slug };
    sourceSlug = (await buildSource(t.db, { visibility: "public", label: "Fictional Public Ledger" })).slug;
    for (const role of ["researcher", "reviewer", "editor"] as const) members[role] = await buildMember(t.db, role);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  async function signIn(role: keyof typeof members, lang: "en" | "fa" = "en"): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/team/${lang}/sign-in`);
    await page.fill("#email", members[role].email);
    await page.fill("#password", members[role].password);
    await Promise.all([page.waitForURL(`${server.origin}/team/${lang}/`), page.click("main button[type=submit]")]);
    return { context, page };
  }

  async function propose(page: Page, text: string): Promise<void> {
    await page.goto(`${server.origin}/team/en/entities/${person.id}/claims/new`);
    await page.fill("#property", "note");
    await page.fill("#value", text);
    // The source picker: without waiting for its typeahead, the server resolves the slug typed.
    await page.fill("#sourceId_q", sourceSlug);
    await page.fill("#loc_page", "12");
    await page.selectOption("#visibility", "public");
    await Promise.all([page.waitForURL(/\/entities\//), page.click("main button[type=submit]")]);
    expect(await page.textContent("main")).toContain("waiting for review");
  }

  /** The public page as an anonymous visitor sees it now (each call a path not cached before: a query-free fresh language alternates). */
  async function publicText(lang: "en" | "fa"): Promise<string> {
    const res = await fetch(`${server.origin}/${lang}/people/${encodeURIComponent(person.slug)}`);
    return res.text();
  }

  it("publishes an approved proposal, never a rejected one, and refuses self-approval", async () => {
    const researcher = await signIn("researcher");
    await propose(researcher.page, "Fictional note Golnar approved");
    await propose(researcher.page, "Fictional note Golnar rejected");
    expect(await publicText("fa")).not.toContain("Fictional note Golnar");

    const reviewer = await signIn("reviewer");
    for (const lang of ["en", "fa"] as const) {
      await reviewer.page.goto(`${server.origin}/team/${lang}/review`);
      expect(await axeViolations(reviewer.page), `review queue (${lang})`).toEqual([]);
    }
    await reviewer.page.goto(`${server.origin}/team/en/review`);
    const approved = reviewer.page.locator("li.review-item", { hasText: "Fictional note Golnar approved" });
    await Promise.all([reviewer.page.waitForURL(/done=approved/), approved.getByRole("button", { name: "Approve" }).click()]);
    const rejected = reviewer.page.locator("li.review-item", { hasText: "Fictional note Golnar rejected" });
    await Promise.all([reviewer.page.waitForLoadState("load"), rejected.getByRole("button", { name: "Reject" }).click()]);
    expect(await reviewer.page.textContent("main")).toContain("A rejection needs a reason");
    expect(await axeViolations(reviewer.page), "queue with an error").toEqual([]);
    const again = reviewer.page.locator("li.review-item", { hasText: "Fictional note Golnar rejected" });
    await again.getByLabel("Reason").fill("Fictional: the ledger says otherwise");
    await Promise.all([reviewer.page.waitForURL(/done=rejected/), again.getByRole("button", { name: "Reject" }).click()]);

    const shown = await publicText("en");
    expect(shown).toContain("Fictional note Golnar approved");
    expect(shown).not.toContain("Fictional note Golnar rejected");

    await researcher.page.goto(`${server.origin}/team/en/review?state=rejected`);
    expect(await researcher.page.textContent("main")).toContain("Fictional: the ledger says otherwise");

    const editor = await signIn("editor");
    await propose(editor.page, "Fictional note Golnar by the editor");
    await editor.page.goto(`${server.origin}/team/en/review`);
    const own = editor.page.locator("li.review-item", { hasText: "Fictional note Golnar by the editor" });
    expect(await own.textContent()).toContain("Your own work: another member must review it.");
    expect(await own.getByRole("button", { name: "Approve" }).count()).toBe(0);
    for (const s of [researcher, reviewer, editor]) await s.context.close();
  }, 180_000);
});
