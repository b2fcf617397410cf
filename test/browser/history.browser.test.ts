/**
 * The record history in Debian's headless Chromium, in both languages: open a record's history,
 * follow a row to the side-by-side comparison, choose two versions with the plain form, revert
 * with a reason, and see the revert in the history. Values and reasons carry script-injection
 * payloads and built-in property names; no payload may run, no CSP violation may be reported,
 * and axe-core must report no violations on the new pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildEntity, buildSource } from "../factories.ts";
import { createClaim, editClaim } from "../../src/claims/index.ts";
import { loadConfig } from "../../src/config/index.ts";
import { editEntity } from "../../src/entities/index.ts";
import { createApp, routeModules } from "../../src/server/index.ts";
import type { Viewer } from "../../src/shared/viewer.ts";
import { buildMember } from "../workspace.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, PAYLOADS, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)("record history in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let member: Awaited<ReturnType<typeof buildMember>>;
  let memberName = "";
  const records = new Map<string, { entityId: string; claimId: string }>();
  const payload = PAYLOADS.join(" ");

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await serveApp((origin) => createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin }) }, routeModules()));
    member = await buildMember(t.db, "editor");
    memberName = (await t.db.selectFrom("app_user").select("name").where("id", "=", member.id).executeTakeFirstOrThrow()).name;
    const editor: Viewer = { kind: "user", userId: member.id, name: memberName, role: "editor" };
    const src = await buildSource(t.db, { label: `Fictional source ${payload}` });
    // One record per language, so each run reverts its own claim.
    for (const lang of ["en", "fa"]) {
      const person = await buildEntity(t.db, { visibility: "team", label: `Fictional Person Leila ${lang} ${PAYLOADS[1]}` });
      await t.db.transaction().execute((trx) => editEntity(trx, editor, person.id, { version: 1, label: `Fictional Person Leila ${lang} ${PAYLOADS[0]}`, reason: "constructor" }));
      const claim = await t.db.transaction().execute((trx) =>
        createClaim(trx, editor, {
          entityId: person.id,
          property: "note",
          value: { type: "text", text: `Fictional taken from the house at night ${payload}` },
          sources: [{ sourceId: src.id }],
          editorial: false,
          confidence: "medium",
          visibility: "team",
          status: "asserted",
        }),
      );
      await t.db.transaction().execute((trx) =>
        editClaim(trx, editor, claim.id, { version: 1, value: { type: "text", text: `Fictional taken from the office at dawn ${payload}` }, reason: payload }),
      );
      await t.db.transaction().execute((trx) => editClaim(trx, editor, claim.id, { version: 2, confidence: "high", reason: "__proto__" }));
      records.set(lang, { entityId: person.id, claimId: claim.id });
    }
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  for (const lang of ["en", "fa"] as const) {
    it(`opens the record history, compares two versions side by side and reverts (${lang})`, async () => {
      const { entityId, claimId } = records.get(lang)!;
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("dialog", (d) => {
        problems.push(`dialog opened: ${d.message()}`);
        void d.dismiss();
      });
      await armInjectionProbes(page);
      const base = `${server.origin}/team/${lang}`;
      await page.goto(`${base}/sign-in`);
      await page.fill("#email", member.email);
      await page.fill("#password", member.password);
      await Promise.all([page.waitForLoadState("load"), page.click("main button[type=submit]")]);
      await page.waitForTimeout(300);

      // From the record to its history.
      await page.goto(`${base}/entities/${entityId}`);
      await Promise.all([page.waitForURL(`**/entities/${entityId}/history`), page.click(`a[href="/team/${lang}/entities/${entityId}/history"]`)]);
      expect(await page.getAttribute("html", "dir")).toBe(lang === "fa" ? "rtl" : "ltr");
      expect(await page.textContent("main")).toContain(memberName);
      expect(await page.locator("main tbody tr").count()).toBe(5);
      await checkPage(page, "record history", problems);

      // A row's comparison with the previous version, then versions 1 and 3 chosen with the form.
      await Promise.all([page.waitForURL(/compare\?a=2&b=3$/), page.click(`a[href="/team/${lang}/claims/${claimId}/compare?a=2&b=3"]`)]);
      await checkPage(page, "comparison of claim versions 2 and 3", problems);
      await page.selectOption("#a", "1");
      await page.selectOption("#b", "3");
      await Promise.all([page.waitForURL(/compare\?a=1&b=3$/), page.click("main form[method=get] button[type=submit]")]);
      const valueRow = page.locator('tr[data-field="value"]');
      expect(await valueRow.locator("del").first().textContent()).toContain("house");
      expect(await valueRow.locator("ins").first().textContent()).toContain("office");
      expect(await page.locator('tr[data-field="confidence"] .badge').textContent()).toBe(lang === "en" ? "Changed" : "تغییر کرد");
      await checkPage(page, "comparison of claim versions 1 and 3", problems);

      // Revert to version 1 with a reason (the field is required).
      await page.selectOption("#toVersion", "1");
      await page.fill("#reason", `valueOf ${payload}`);
      await Promise.all([page.waitForURL(`**/entities/${entityId}/history`), page.click("main form[method=post] button[type=submit]")]);
      expect(await page.locator("main tbody tr").count()).toBe(6);
      expect(await page.textContent("main tbody tr:first-child")).toContain(`valueOf ${PAYLOADS[0]}`);
      await checkPage(page, "record history after the revert", problems);

      // The record's own label, compared across its two versions.
      await page.goto(`${base}/entities/${entityId}/compare?a=1&b=2`);
      expect(await page.locator('tr[data-field="label"] .badge').count()).toBe(1);
      await checkPage(page, "comparison of the record's label", problems);

      // The claim's own history, with names.
      await page.goto(`${base}/claims/${claimId}/history`);
      expect(await page.textContent("main table")).toContain(memberName);
      await checkPage(page, "claim history", problems);

      // A bad version number: a clear page.
      await page.goto(`${base}/claims/${claimId}/compare?a=constructor&b=1`);
      await checkPage(page, "bad version", problems);
      expect(problems).toEqual([]);
      const row = await t.db.selectFrom("claim").select(["version", "confidence"]).where("id", "=", claimId).executeTakeFirstOrThrow();
      expect(row).toEqual({ version: 4, confidence: "medium" });
      await context.close();
    }, 180_000);
  }
});
