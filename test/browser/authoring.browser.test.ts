/**
 * Authoring through the browser only, in Debian's headless Chromium: an editor creates a source,
 * an official (a person), a position, a unit, then an occupancy with Solar Hijri dates (in the
 * Persian interface), a command relation and a legal case, each cited to the source picked with
 * the entity picker (with the typeahead and the keyboard, and without it); the relations then
 * show on the record pages, incoming ones included. Every new page is checked with axe-core in
 * both languages, and no injected payload may run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createApp, routeModules } from "../../src/server/index.ts";
import { buildMember } from "../workspace.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, PAYLOADS, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)("authoring in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let member: Awaited<ReturnType<typeof buildMember>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await serveApp((origin) => createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin, SABT_LOG_LEVEL: "silent" }) }, routeModules()));
    member = await buildMember(t.db, "editor");
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  /** Submits the main form and waits for the record page it leads to; returns the record's id. */
  async function submitToRecord(page: Page): Promise<string> {
    await Promise.all([page.waitForURL(/\/entities\/(?!new)[^/?#]+$/), page.locator("main form button[type=submit]:not([name=preview])").last().click()]);
    return decodeURIComponent(/\/entities\/([^/?#]+)$/.exec(page.url())![1]!);
  }

  /** Types into a picker, waits for the typeahead's options, chooses the first with the keyboard. */
  async function pickWithKeyboard(page: Page, name: string, text: string): Promise<void> {
    const input = page.locator(`#${name}_q`);
    await input.click();
    await input.pressSequentially(text, { delay: 25 });
    await page.locator(`#${name}-listbox [role=option]`).first().waitFor();
    expect(await input.getAttribute("role")).toBe("combobox");
    expect(await input.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("ArrowDown");
    expect(await input.getAttribute("aria-activedescendant")).toBe(`${name}-opt-0`);
    await page.keyboard.press("Enter");
    expect(await input.getAttribute("aria-expanded")).toBe("false");
    expect(await page.inputValue(`input[type=hidden][name=${name}]`)).not.toBe("");
  }

  it("creates records and relations cited to a picked source, shown on the record pages, in both languages", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("dialog", (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    await armInjectionProbes(page);
    const en = `${server.origin}/team/en`;
    const fa = `${server.origin}/team/fa`;
    await page.goto(`${en}/sign-in`);
    await page.fill("#email", member.email);
    await page.fill("#password", member.password);
    await Promise.all([page.waitForURL(`${en}/`), page.click("main button[type=submit]")]);

    // Every new page, in both languages, before anything is filled in.
    for (const base of [en, fa]) {
      for (const q of ["", "?type=person", "?type=source", "?type=occupancy", "?type=command", "?type=legal_case", "?type=article"]) {
        await page.goto(`${base}/entities/new${q}`);
        await checkPage(page, `new ${q || "chooser"} (${base.slice(-2)})`, problems);
      }
    }

    // A source, then an official cited to it: the source chosen with the typeahead and the keyboard.
    await page.goto(`${en}/entities/new?type=source`);
    await page.fill("#label", "Fictional Truth Commission Report");
    await page.check("#isFictional");
    await page.check("#editorial");
    const sourceId = await submitToRecord(page);
    await page.goto(`${en}/entities/new?type=person`);
    await page.fill("#label", "Fictional Dariush Nikoukar");
    await page.check("#isFictional");
    await pickWithKeyboard(page, "sourceId", "Truth Commission");
    await page.fill("#loc_page", "17");
    const personId = await submitToRecord(page);
    await checkPage(page, "person page", problems);

    // A position and a unit, the source named without the typeahead (the server resolves the text).
    await page.goto(`${en}/entities/new?type=position`);
    await page.fill("#label", `Fictional Chief Prosecutor of the Northern Province ${PAYLOADS[1]}`);
    await page.fill("#sourceId_q", "Fictional Truth Commission Report");
    await page.fill("#loc_paragraph", "3");
    const positionId = await submitToRecord(page);
    await page.goto(`${en}/entities/new?type=organization`);
    await page.fill("#label", "Fictional Northern Security Unit");
    await page.check("#editorial");
    const unitId = await submitToRecord(page);

    // In Persian: the occupancy, with Solar Hijri dates and every picker driven by the keyboard.
    await page.goto(`${fa}/entities/new?type=occupancy`);
    await pickWithKeyboard(page, "part_holder", "Dariush Nikoukar");
    await pickWithKeyboard(page, "part_position", "Chief Prosecutor");
    await page.selectOption("#part_start_calendar", "jalali");
    await page.fill("#part_start", "1367-05");
    await page.selectOption("#part_end_calendar", "jalali");
    await page.fill("#part_end", "1369-01");
    await pickWithKeyboard(page, "sourceId", "Truth Commission");
    await page.fill("#loc_page", "18");
    await checkPage(page, "occupancy form filled (fa)", problems);
    const occupancyId = await submitToRecord(page);
    await checkPage(page, "occupancy page (fa)", problems);

    // The command relation and the legal case, in English.
    await page.goto(`${en}/entities/new?type=command`);
    await pickWithKeyboard(page, "part_superior", "Dariush");
    await pickWithKeyboard(page, "part_subordinate", "Northern Security Unit");
    await page.fill("#part_start", "1988-07");
    await page.fill("#part_end", "1989");
    await pickWithKeyboard(page, "sourceId", "Truth Commission");
    const commandId = await submitToRecord(page);
    await page.goto(`${en}/entities/new?type=legal_case`);
    await page.fill("#label", "Fictional case against the Northern Province prosecutor");
    await pickWithKeyboard(page, "part_accused", "Dariush");
    await page.fill("#part_jurisdiction", "universal jurisdiction (fictional)");
    await page.fill("#part_outcome", "pending (fictional)");
    await page.fill("#part_filed", "2023-03-02");
    await page.fill("#sourceId_q", "Truth Commission");
    const caseId = await submitToRecord(page);

    // A bad submission comes back with the message beside the field, in Persian, input kept.
    await page.goto(`${fa}/entities/new?type=detention`);
    await page.fill("#part_detainee_q", "Dariush Nikoukar");
    await page.fill("#part_start", "1367-15");
    await page.locator("main form button[type=submit]").last().click();
    await page.waitForLoadState("load");
    expect(await page.textContent("#part_start-err")).toContain("گاه‌شمار");
    expect(await page.textContent("#sourceId-err")).toContain("منبع");
    expect(await page.inputValue("#part_start")).toBe("1367-15");
    await checkPage(page, "detention form with errors (fa)", problems);

    // The record pages: the relations' parts, and what points at each record.
    for (const base of [en, fa]) {
      await page.goto(`${base}/entities/${personId}`);
      const main = (await page.textContent("main")) ?? "";
      for (const id of [occupancyId, commandId, caseId]) expect(await page.locator(`main a[href$="/entities/${id}"]`).count(), id).toBeGreaterThan(0);
      expect(main).toContain(base === en ? "Position held (occupancy)" : "تصدی سمت");
      expect(main).toContain(base === en ? "Legal case" : "پروندهٔ حقوقی");
      await checkPage(page, `person page with incoming (${base.slice(-2)})`, problems);
      await page.goto(`${base}/entities/${positionId}`);
      expect(await page.locator(`main a[href$="/entities/${occupancyId}"]`).count()).toBeGreaterThan(0);
      await page.goto(`${base}/entities/${unitId}`);
      expect(await page.locator(`main a[href$="/entities/${commandId}"]`).count()).toBeGreaterThan(0);
      await page.goto(`${base}/entities/${occupancyId}`);
      expect(await page.locator(`main a[href$="/entities/${personId}"]`).count()).toBeGreaterThan(0);
      expect(await page.locator(`main a[href$="/entities/${sourceId}"]`).count()).toBeGreaterThan(0);
      await page.goto(`${base}/entities/${personId}/edit`);
      await checkPage(page, `edit record (${base.slice(-2)})`, problems);
      await page.goto(`${base}/entities/${personId}/claims/new`);
      await checkPage(page, `new claim (${base.slice(-2)})`, problems);
    }
    // The claim form: with the script only the chosen value type's fields show; coordinates saved.
    await page.goto(`${en}/entities/${unitId}/claims/new`);
    await page.fill("#property", "coordinates");
    await page.selectOption("#valueType", "geo");
    expect(await page.isVisible("#lat")).toBe(true);
    expect(await page.isVisible("#value")).toBe(false);
    await page.fill("#lat", "36.2");
    await page.fill("#lon", "51.4");
    await pickWithKeyboard(page, "sourceId", "Truth Commission");
    await checkPage(page, "geo claim form", problems);
    await Promise.all([page.waitForURL(/\/entities\/[^/]+#claim-/), page.locator("main form button[type=submit]").last().click()]);
    const geo = await t.db.selectFrom("claim").select(["value", "sources"]).where("entity_id", "=", unitId).where("property", "=", "coordinates").executeTakeFirstOrThrow();
    expect(geo.value).toEqual({ type: "geo", lat: 36.2, lon: 51.4, precision: "approximate" });
    expect(geo.sources).toEqual([{ sourceId }]);

    const occupancy = await t.db.selectFrom("claim").select(["property", "date_earliest", "sources"]).where("entity_id", "=", occupancyId).orderBy("property").execute();
    expect(occupancy.map((c) => c.property)).toEqual(["end", "holder", "position", "start"]);
    expect(occupancy.find((c) => c.property === "start")!.date_earliest).toBe("1988-07-23");
    for (const c of occupancy) expect(c.sources).toEqual([{ sourceId, locator: { page: "18" } }]);
    expect(problems).toEqual([]);
    await context.close();
  }, 240_000);
});
