/**
 * The team workspace in Debian's headless Chromium: every page type in both languages, with
 * script-injection payloads in every text field, CSV cell and file name. No payload may run, no
 * CSP violation may be reported, no dialog may open, and axe-core must report no violations.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildEntity, buildSource, testActor } from "../factories.ts";
import { ingestFile, openBlobStore } from "../../src/archive/index.ts";
import { createClaim, editClaim } from "../../src/claims/index.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createApp } from "../../src/server/index.ts";
import { routeModules } from "../../src/server/index.ts";
import { buildMember } from "../workspace.ts";
import { runPersonImport } from "../../src/imports/index.ts";
import { linkLists, mergeClusters, runEstimate } from "../../src/lists/index.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, PAYLOADS, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

describe.skipIf(!hasChromium)("team workspace in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let member: Awaited<ReturnType<typeof buildMember>>;
  let entityId = "";
  let claimId = "";
  let itemId = "";
  let clusterId = "";
  let estimateId = "";
  const payload = PAYLOADS.join(" ");

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await serveApp((origin) => createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin }) }, routeModules()));
    member = await buildMember(t.db, "admin");
    const src = await buildSource(t.db, { label: `Fictional source ${payload}` });
    const person = await buildEntity(t.db, { visibility: "team", label: `Fictional ${payload}` });
    entityId = person.id;
    for (const [i, vis] of (["public", "team", "confidential"] as const).entries()) {
      const c = await t.db.transaction().execute((trx) =>
        createClaim(trx, testActor, {
          entityId: person.id,
          property: i === 0 ? "death_date" : "note",
          value: i === 0 ? { type: "date", text: "1988-08-01" } : { type: "text", text: `${payload} ${i}` },
          sources: [{ sourceId: src.id, locator: { page: payload, archiveItemId: payload } }],
          editorial: false,
          confidence: "medium",
          visibility: vis,
          status: "asserted",
        }),
      );
      if (i === 1) claimId = c.id;
    }
    // A rival date (contested, side by side) and a revision with a payload as its reason.
    await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "death_date",
        value: { type: "date", text: "1367-05-10", calendar: "jalali" },
        sources: [{ sourceId: src.id }],
        editorial: false,
        confidence: "low",
        visibility: "team",
        status: "asserted",
      }),
    );
    await t.db.transaction().execute((trx) => editClaim(trx, testActor, claimId, { version: 1, confidence: "high", reason: payload }));
    // An archived testimony whose title, file name and text carry the payloads, cited by a claim.
    const store = openBlobStore(loadConfig({ SABT_DATA_DIR: t.dataDir }).blobStore);
    const item = await ingestFile(t.db, store, { bytes: Buffer.from(`Fictional testimony ${payload}`) }, { filename: `${PAYLOADS[1]}.txt`, title: `Fictional ${payload}`, visibility: "team" }, "test");
    itemId = item.id;
    await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "note",
        value: { type: "text", text: `Cites the testimony ${payload}` },
        sources: [{ sourceId: src.id, locator: { page: 3, archiveItemId: item.id } }],
        editorial: false,
        confidence: "medium",
        visibility: "team",
        status: "asserted",
      }),
    );
    // Two small lists with payloads in the prison and notes cells, linked, merged once, estimated.
    const cell = `"${payload.replace(/"/g, '""')}"`;
    const people = ["Fictional Akbar Rostami,Hamid", "Fictional Parviz Kamali,Reza", "Fictional Sima Tehrani,Ali", "Fictional Nader Yazdi,Hasan"];
    const csv = (ids: number[], date: string) =>
      `record_id,full_name,father_name,death_date,prison,notes\n${ids.map((i) => `p${i},${people[i]},${date},${cell},${cell}`).join("\n")}\n`;
    await runPersonImport(t.db, testActor, csv([0, 1, 2], "1988-08-01"), { listName: `Fictional list A ${payload.slice(0, 100)}`, isFictional: true });
    await runPersonImport(t.db, testActor, csv([0, 1, 3], "1367-05-10"), { listName: "Fictional list B", isFictional: true });
    await linkLists(t.db, testActor);
    const clusters = [...new Set((await t.db.selectFrom("link_member").select("cluster_id").execute()).map((r) => r.cluster_id))].sort();
    await t.db.transaction().execute((trx) => mergeClusters(trx, testActor, { a: clusters[0]!, b: clusters[1]!, note: payload }));
    clusterId = (await t.db.selectFrom("link_member").select("cluster_id").orderBy("cluster_id").executeTakeFirstOrThrow()).cluster_id;
    estimateId = (await runEstimate(t.db, testActor, { method: "loglinear", model: "indep" })).id;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  for (const lang of ["en", "fa"] as const) {
    it(`renders every page type inert and accessible (${lang})`, async () => {
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
      expect(await page.getAttribute("html", "dir")).toBe(lang === "fa" ? "rtl" : "ltr");
      await checkPage(page, "sign-in", problems);
      await page.fill("#email", member.email);
      await page.fill("#password", member.password);
      await Promise.all([page.waitForLoadState("load"), page.click("main button[type=submit]")]);
      await page.waitForTimeout(500);
      expect(page.url(), (await page.content()).slice(0, 3000)).toBe(`${base}/`);

      const pages: [string, string][] = [
        ["home", `${base}/`],
        ["list by type", `${base}/?type=person`],
        ["search", `${base}/search?q=${encodeURIComponent(payload.slice(0, 180))}`],
        ["entity", `${base}/entities/${entityId}`],
        ["new claim", `${base}/entities/${entityId}/claims/new`],
        ["edit claim", `${base}/claims/${claimId}/edit`],
        ["history", `${base}/claims/${claimId}/history`],
        ["import", `${base}/import`],
        ["evidence", `${base}/evidence/${itemId}`],
        ["evidence and capture", `${base}/evidence`],
        ["jobs", `${base}/jobs`],
        ["account", `${base}/account`],
        ["linkage", `${base}/linkage`],
        ["linked clusters", `${base}/linkage/clusters`],
        ["cluster", `${base}/linkage/cluster?id=${encodeURIComponent(clusterId)}`],
        ["linkage history", `${base}/linkage/history`],
        ["estimation", `${base}/estimation`],
        ["estimate", `${base}/estimation/${estimateId}`],
        ["not found", `${base}/entities/${encodeURIComponent(payload)}`],
      ];
      for (const [label, url] of pages) {
        await page.goto(url);
        await checkPage(page, label, problems);
      }

      // A claim form submitted with payloads everywhere, then shown back with its error.
      await page.goto(`${base}/entities/${entityId}/claims/new`);
      await page.fill("#property", "note");
      await page.fill("#value", payload);
      await page.fill("#loc_page", payload);
      await Promise.all([page.waitForLoadState("load"), page.click("main button[type=submit]")]);
      await checkPage(page, "claim form result", problems);

      // A CSV with payloads in every cell and in its file name, dry run then for real.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-inj-"));
      const name = `list ${PAYLOADS[1]!.replace(/[/\\]/g, "_")}.csv`;
      const file = path.join(dir, name);
      const cell = `"${payload.replace(/"/g, '""')}"`;
      fs.writeFileSync(file, `record_id,full_name,notes,death_date\nr1,${cell},${cell},${cell}\nr2,${cell},${cell},1988-08-01\n`);
      await page.goto(`${base}/import`);
      await page.fill("#listName", `Fictional ${payload.slice(0, 200)}`);
      await page.setInputFiles("#file", file);
      await Promise.all([page.waitForLoadState("load"), page.click("main button[type=submit]")]);
      // The dry run found bad dates and listed them (row, column, message), payloads shown as text.
      expect(await page.locator("main table").count()).toBeGreaterThan(0);
      expect(await page.textContent("main")).toContain(PAYLOADS[1]!.slice(0, 10));
      await checkPage(page, "import preview with errors", problems);
      expect(problems).toEqual([]);
      await context.close();
    }, 180_000);
  }
});
