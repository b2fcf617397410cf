/**
 * Team administration in Debian's headless Chromium, in both languages: an admin invites a member
 * through the browser, the member opens the one-time link in a fresh browser context, sets a
 * password, signs in and enrols an authenticator app from the QR code Sabt draws. The QR code is
 * proved to encode the otpauth URI: its SVG is rendered to pixels (resvg) and every module is
 * compared with the QR matrix of the URI rebuilt from the secret shown beside it (no QR decoder is
 * installed). Every new page must pass axe-core with no violation, run no injected script and
 * report no CSP violation.
 */
import { Resvg } from "@resvg/resvg-js";
import qrcode from "qrcode-generator";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode, totpStep } from "../../src/auth/index.ts";
import { loadConfig } from "../../src/config/index.ts";
import { createApp, routeModules } from "../../src/server/index.ts";
import { createTestDatabase, type TestDatabase } from "../db.ts";
import { buildMember } from "../workspace.ts";
import { armInjectionProbes, checkPage, hasChromium, launchChromium, PAYLOADS, serveApp, SKIP_REASON } from "./chromium.ts";

if (!hasChromium) console.warn(SKIP_REASON);

/** The dark modules of a QR SVG drawn with one unit per module and a four-module margin. */
function modulesOf(svg: string, count: number): boolean[][] {
  const scale = 8;
  const img = new Resvg(svg, { fitTo: { mode: "width", value: (count + 8) * scale } }).render();
  const px = img.pixels;
  const out: boolean[][] = [];
  for (let r = 0; r < count; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < count; c++) {
      const x = Math.floor((4 + c + 0.5) * scale);
      const y = Math.floor((4 + r + 0.5) * scale);
      const i = (y * img.width + x) * 4;
      row.push(px[i]! + px[i + 1]! + px[i + 2]! < 3 * 128);
    }
    out.push(row);
  }
  return out;
}

/** The QR matrix of a text, as qrcode-generator makes it (version and mask chosen alike). */
function matrixOf(text: string): boolean[][] {
  const q = qrcode(0, "M");
  q.addData(text);
  q.make();
  const n = q.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => q.isDark(r, c)));
}

describe.skipIf(!hasChromium)("team administration in Chromium", () => {
  let t: TestDatabase;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let admin: Awaited<ReturnType<typeof buildMember>>;

  beforeAll(async () => {
    t = await createTestDatabase();
    server = await serveApp((origin) => createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: origin, SABT_LOG_LEVEL: "silent" }) }, routeModules()));
    admin = await buildMember(t.db, "admin");
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await t?.close();
  });

  async function armed(problems: string[]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("dialog", (d) => {
      problems.push(`dialog opened: ${d.message()}`);
      void d.dismiss();
    });
    await armInjectionProbes(page);
    return { context, page };
  }

  async function submit(page: Page, selector: string) {
    await Promise.all([page.waitForLoadState("load"), page.click(selector)]);
    await page.waitForLoadState("load");
  }

  async function signIn(page: Page, base: string, email: string, password: string) {
    await page.goto(`${base}/sign-in`);
    await page.fill("#email", email);
    await page.fill("#password", password);
    await Promise.all([page.waitForURL(`${base}/`), page.click("main button[type=submit]")]);
  }

  for (const lang of ["en", "fa"] as const) {
    it(`an admin invites a member, who joins from the link and enrols TOTP from the QR code (${lang})`, async () => {
      const problems: string[] = [];
      const base = `${server.origin}/team/${lang}`;
      const email = `fictional.invitee.${lang}.${process.pid}@example.org`;
      const password = `a long fictional passphrase ${lang}`;

      // The admin: team page, invitation with its link shown once, audit log.
      const a = await armed(problems);
      await signIn(a.page, base, admin.email, admin.password);
      await a.page.click(`nav a[href="/team/${lang}/team"]`);
      await a.page.waitForURL(`${base}/team`);
      await checkPage(a.page, "team page", problems);
      await a.page.fill("#invite-email", email);
      await a.page.fill("#invite-name", `Fictional ${PAYLOADS[1]} ${PAYLOADS[0]}`.slice(0, 200));
      await a.page.selectOption("#invite-role", "researcher");
      await submit(a.page, "#invite-h ~ form button[type=submit]");
      const link = (await a.page.textContent("#invite-link"))!.trim();
      expect(link.startsWith(`${base}/invite/inv_`), link).toBe(true);
      await checkPage(a.page, "team page with the new link", problems);
      // A form sent back with errors (the browser's own checks turned off to reach the server's).
      await a.page.evaluate(() => document.querySelectorAll("form").forEach((f) => (f.noValidate = true)));
      await a.page.fill("#invite-email", "not an address");
      await submit(a.page, "#invite-h ~ form button[type=submit]");
      expect(await a.page.getAttribute("#invite-email", "aria-invalid")).toBe("true");
      await checkPage(a.page, "team page with errors", problems);
      await a.page.goto(`${base}/audit`);
      await checkPage(a.page, "audit log", problems);
      await a.page.goto(`${base}/audit?action=invitation&record=${encodeURIComponent(PAYLOADS[0]!)}`);
      await checkPage(a.page, "audit log filtered", problems);

      // The invitee, in a fresh browser context: the link, a name and password, sign-in.
      const b = await armed(problems);
      await b.page.goto(link);
      await checkPage(b.page, "invitation page", problems);
      await b.page.fill("#accept-name", `Fictional Newcomer ${lang}`);
      await b.page.fill("#accept-password", password);
      await submit(b.page, "main button[type=submit]");
      expect(await b.page.textContent("main")).toContain(lang === "en" ? "Your account is ready" : "حساب شما آماده است");
      await checkPage(b.page, "invitation accepted", problems);
      const used = await b.page.goto(link);
      expect(used?.status()).toBe(410);
      await checkPage(b.page, "used link", problems);
      await signIn(b.page, base, email, password);

      // TOTP enrolment from the QR code.
      await b.page.goto(`${base}/account`);
      await submit(b.page, `form[action="/team/${lang}/account/totp/start"] button`);
      await b.page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>("img.totp-qr");
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      await checkPage(b.page, "TOTP set-up with QR code", problems);
      const secret = (await b.page.textContent("#totp-secret"))!.trim();
      const uri = `otpauth://totp/Sabt:${encodeURIComponent(email)}?secret=${secret}&issuer=Sabt&algorithm=SHA1&digits=6&period=30`;
      expect(await b.page.textContent("main")).toContain(uri);
      const src = await b.page.getAttribute("img.totp-qr", "src");
      const svg = await (await b.context.request.get(`${server.origin}${src}`)).text();
      const expected = matrixOf(uri);
      expect(modulesOf(svg, expected.length)).toEqual(expected);
      // And not the matrix of some other secret: the comparison can fail.
      expect(modulesOf(svg, expected.length)).not.toEqual(matrixOf(uri.replace(secret, "A".repeat(secret.length))).slice(0, expected.length));
      await b.page.fill("#totp-code", totpCode(secret, totpStep(Date.now())));
      await submit(b.page, `form[action="/team/${lang}/account/totp/confirm"] button`);
      expect(await b.page.locator("main ul.mono li").count()).toBeGreaterThan(0);
      const row = await t.db.selectFrom("app_user").select(["totp_enabled_at", "role"]).where("email", "=", email).executeTakeFirstOrThrow();
      expect(row.totp_enabled_at).not.toBeNull();
      expect(row.role).toBe("researcher");

      // Back on the team page, the new member is listed with a second factor.
      await a.page.goto(`${base}/team`);
      expect(await a.page.textContent("main")).toContain(email);
      await checkPage(a.page, "team page with the new member", problems);
      expect(problems).toEqual([]);
      await a.context.close();
      await b.context.close();
    }, 180_000);
  }
});
