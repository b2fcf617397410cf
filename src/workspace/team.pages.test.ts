/**
 * Team administration in the browser, over HTTP in-process: the members page, invitations and
 * their one-time links, API tokens and the audit log, in both languages; admins only, every form
 * with its anti-CSRF token, bad input shown beside its field with nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OBJECT_PROTOTYPE_NAMES } from "../../test/builtin-names.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createClaim } from "../claims/index.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { hashToken } from "../auth/index.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";
import { teamMessages } from "./team.i18n.ts";

let t: TestDatabase;
let app: App;
let admin: Awaited<ReturnType<typeof buildMember>>;
beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent", SABT_PUBLIC_URL: "http://localhost" }) }, routeModules());
  admin = await buildMember(t.db, "admin");
});
afterAll(async () => {
  await t.close();
});

async function adminBrowser(): Promise<TestBrowser> {
  const b = new TestBrowser(app);
  await b.signIn(admin.email, admin.password);
  return b;
}

const count = async (table: "invitation" | "app_user" | "api_token") =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

/** The text of the message tied to an input (aria-describedby → its element). */
function errorBeside(html: string, inputId: string): string | undefined {
  const input = new RegExp(`<[^>]*id="${inputId}"[^>]*aria-describedby="([^"]+)"`).exec(html) ?? new RegExp(`<[^>]*aria-describedby="([^"]+)"[^>]*id="${inputId}"`).exec(html);
  if (!input) return undefined;
  const m = new RegExp(`id="${input[1]}"[^>]*>([^<]*)<`).exec(html);
  return m?.[1];
}

describe("who may see the team pages", () => {
  for (const role of ["editor", "researcher", "reviewer", "viewer"] as const) {
    it(`refuses a ${role} the team and audit pages and every team action`, async () => {
      const m = await buildMember(t.db, role);
      const b = new TestBrowser(app);
      await b.signIn(m.email, m.password);
      expect((await b.get("/team/en/team")).status).toBe(403);
      expect((await b.get("/team/fa/audit")).status).toBe(403);
      expect((await b.get("/team/en/")).text).not.toContain('href="/team/en/team"');
      await b.get("/team/en/account");
      const before = await count("invitation");
      const r = await b.post("/team/en/team/invitations", { email: "fictional.sneak@example.org", name: "Fictional Sneak", role: "admin", expiresInDays: "7" });
      expect(r.status).toBe(403);
      expect(await count("invitation")).toBe(before);
      expect((await b.post(`/team/en/team/members/${m.id}/role`, { role: "admin" })).status).toBe(403);
      expect((await t.db.selectFrom("app_user").select("role").where("id", "=", m.id).executeTakeFirstOrThrow()).role).toBe(role);
    });
  }

  it("sends someone signed out to sign in", async () => {
    const r = await new TestBrowser(app).get("/team/en/team");
    expect(r.status).toBe(302);
    expect(r.location).toBe("/team/en/sign-in");
  });

  it("shows admins the Team and Audit log links", async () => {
    const b = await adminBrowser();
    const home = await b.get("/team/fa/");
    expect(home.text).toContain('href="/team/fa/team"');
    expect(home.text).toContain('href="/team/fa/audit"');
  });
});

describe("the members page", () => {
  for (const lang of ["en", "fa"] as const) {
    it(`lists members with role, state, second factor and last sign-in, and changes a role (${lang})`, async () => {
      const m = await buildMember(t.db, "viewer");
      const b = await adminBrowser();
      const p = await b.get(`/team/${lang}/team`);
      expect(p.status).toBe(200);
      expect(p.text).toContain(m.email);
      expect(p.text).toContain(teamMessages(lang).lastSignIn);
      expect(p.text).toContain(teamMessages(lang).role_viewer);
      const r = await b.post(`/team/${lang}/team/members/${m.id}/role`, { role: "editor" });
      expect(r.status).toBe(303);
      expect((await t.db.selectFrom("app_user").select("role").where("id", "=", m.id).executeTakeFirstOrThrow()).role).toBe("editor");
    });
  }

  it("refuses an admin disabling themselves, with the message in the page's language", async () => {
    const b = await adminBrowser();
    await b.get("/team/fa/team");
    const r = await b.post(`/team/fa/team/members/${admin.id}/disable`, {});
    expect(r.status).toBe(409);
    expect(r.text).toContain(teamMessages("fa").guard_self);
    expect((await t.db.selectFrom("app_user").select("disabled").where("id", "=", admin.id).executeTakeFirstOrThrow()).disabled).toBe(false);
  });

  it("disables a member: their browser session ends at once", async () => {
    const m = await buildMember(t.db, "editor");
    const theirs = new TestBrowser(app);
    await theirs.signIn(m.email, m.password);
    expect((await theirs.get("/team/en/")).status).toBe(200);
    const b = await adminBrowser();
    await b.get("/team/en/team");
    expect((await b.post(`/team/en/team/members/${m.id}/disable`, {})).status).toBe(303);
    expect((await theirs.get("/team/en/")).status).toBe(302);
    expect((await b.get("/team/en/team")).text).toContain(teamMessages("en").disabled);
  });

  it("refuses a role change without the anti-CSRF token", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = await adminBrowser();
    await b.get("/team/en/team");
    expect((await b.post(`/team/en/team/members/${m.id}/role`, { role: "admin" }, { csrf: false })).status).toBe(403);
    expect((await b.post(`/team/en/team/members/${m.id}/role`, { role: "admin" }, { csrf: "forged" })).status).toBe(403);
    expect((await t.db.selectFrom("app_user").select("role").where("id", "=", m.id).executeTakeFirstOrThrow()).role).toBe("viewer");
  });
});

describe("invitations", () => {
  for (const lang of ["en", "fa"] as const) {
    it(`re-renders bad input beside its fields, keeps it, and saves nothing (${lang})`, async () => {
      const b = await adminBrowser();
      await b.get(`/team/${lang}/team`);
      const before = await count("invitation");
      const r = await b.post(`/team/${lang}/team/invitations`, { email: "not an address", name: "Fictional <b>Kept</b>", role: "emperor", expiresInDays: "99" });
      expect(r.status).toBe(400);
      const tm = teamMessages(lang);
      expect(errorBeside(r.text, "invite-email")).toBe(tm.err_email);
      expect(errorBeside(r.text, "invite-role")).toBe(tm.err_role);
      expect(errorBeside(r.text, "invite-days")).toBe(tm.err_days);
      expect(r.text).toContain('value="not an address"');
      expect(r.text).toContain("Fictional &lt;b&gt;Kept&lt;/b&gt;");
      expect(await count("invitation")).toBe(before);
      // An address that already has an account: beside the e-mail field.
      const taken = await b.post(`/team/${lang}/team/invitations`, { email: admin.email, name: "Fictional Twin", role: "viewer", expiresInDays: "7" });
      expect(taken.status).toBe(400);
      expect(errorBeside(taken.text, "invite-email")).toBe(tm.err_email_taken);
      expect(await count("invitation")).toBe(before);
    });
  }

  it("shows the link once; the invitee sets a password, signs in, and the link then answers 410", async () => {
    const b = await adminBrowser();
    await b.get("/team/en/team");
    const email = `fictional.invitee.${process.pid}@example.org`;
    const r = await b.post("/team/en/team/invitations", { email, name: "Fictional Invitee", role: "researcher", expiresInDays: "7" });
    expect(r.status).toBe(200);
    const link = /id="invite-link"[^>]*>([^<]+)</.exec(r.text)![1]!;
    expect(link).toMatch(/^http:\/\/localhost\/team\/en\/invite\/inv_[A-Za-z0-9_-]+$/);
    const path = new URL(link).pathname;
    const token = path.split("/").pop()!;
    expect((await t.db.selectFrom("invitation").select("token_hash").where("email", "=", email).executeTakeFirstOrThrow()).token_hash).toBe(hashToken(token));
    // Shown once: the page reloaded does not show it again.
    const again = await b.get("/team/en/team");
    expect(again.text).not.toContain(token);
    expect(again.text).toContain(email);

    const invitee = new TestBrowser(app);
    const open = await invitee.get(path.replace("/en/", "/fa/"));
    expect(open.status).toBe(200);
    expect(open.text).toContain(email);
    const weak = await invitee.post(path.replace("/en/", "/fa/"), { name: "Fictional Newcomer", password: "short" });
    expect(weak.status).toBe(400);
    expect(errorBeside(weak.text, "accept-password")).toBe(teamMessages("fa").err_password_short);
    expect(weak.text).toContain('value="Fictional Newcomer"');
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", email).execute()).toEqual([]);
    const ok = await invitee.post(path, { name: "Fictional Newcomer", password: "a long fictional passphrase" });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(teamMessages("en").accepted);
    await invitee.signIn(email, "a long fictional passphrase");
    expect((await invitee.get("/team/en/")).status).toBe(200);

    const used = await new TestBrowser(app).get(path);
    expect(used.status).toBe(410);
    expect(used.text).toContain(teamMessages("en").linkGone);
    expect(used.text).not.toMatch(/at \w+ \(|node_modules/);
    const reuse = await invitee.post(path, { name: "Fictional Again", password: "a long fictional passphrase" });
    expect(reuse.status).toBe(410);
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", email).execute()).toHaveLength(1);
  });

  it("answers 404 for links that never existed, built-in names included, and 410 for a revoked one", async () => {
    const b = new TestBrowser(app);
    for (const name of ["inv_notarealtokennotarealtoken", ...OBJECT_PROTOTYPE_NAMES]) {
      const r = await b.get(`/team/en/invite/${encodeURIComponent(name)}`);
      expect(r.status, name).toBe(404);
      expect(r.text).toContain(teamMessages("en").linkUnknown);
    }
    const a = await adminBrowser();
    await a.get("/team/en/team");
    const r = await a.post("/team/en/team/invitations", { email: "fictional.revoked@example.org", name: "Fictional Revoked", role: "viewer", expiresInDays: "1" });
    const path = new URL(/id="invite-link"[^>]*>([^<]+)</.exec(r.text)![1]!).pathname;
    const id = (await t.db.selectFrom("invitation").select("id").where("email", "=", "fictional.revoked@example.org").executeTakeFirstOrThrow()).id;
    expect((await a.post(`/team/en/team/invitations/${id}/revoke`, {})).status).toBe(303);
    expect((await b.get(path)).status).toBe(410);
  });
});

describe("API tokens", () => {
  it("creates a token for a member, shows it once, lists and revokes it; bad input is shown beside its field", async () => {
    const m = await buildMember(t.db, "researcher");
    const b = await adminBrowser();
    await b.get("/team/fa/team");
    const before = await count("api_token");
    const bad = await b.post("/team/fa/team/tokens", { member: m.email, name: "", expiresInDays: "0" });
    expect(bad.status).toBe(400);
    expect(errorBeside(bad.text, "token-name")).toBe(teamMessages("fa").err_token_name);
    expect(errorBeside(bad.text, "token-days")).toBe(teamMessages("fa").err_token_days);
    expect(bad.text).toContain(teamMessages("fa").err_scopes);
    expect(await count("api_token")).toBe(before);
    const ok = await b.post("/team/fa/team/tokens", { member: m.email, name: "Fictional sync script", scope_read: "on", scope_write: "on" });
    expect(ok.status).toBe(200);
    const token = /id="new-token"[^>]*>([^<]+)</.exec(ok.text)![1]!;
    const row = await t.db.selectFrom("api_token").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirstOrThrow();
    expect([row.user_id, row.scopes]).toEqual([m.id, ["read", "write"]]);
    const listed = await b.get("/team/fa/team");
    expect(listed.text).toContain("Fictional sync script");
    expect(listed.text).not.toContain(token);
    expect((await b.post(`/team/fa/team/tokens/${row.id}/revoke`, {})).status).toBe(303);
    expect((await t.db.selectFrom("api_token").select("revoked_at").where("id", "=", row.id).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
  });
});

describe("the audit log page", () => {
  it("lists entries newest first with actors by name, filters by person, record and action, and pages", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = await adminBrowser();
    await b.get("/team/en/team");
    await b.post(`/team/en/team/members/${m.id}/role`, { role: "reviewer" });
    const adminName = (await t.db.selectFrom("app_user").select("name").where("id", "=", admin.id).executeTakeFirstOrThrow()).name;
    const all = await b.get("/team/en/audit");
    expect(all.status).toBe(200);
    expect(all.text).toContain(adminName);
    expect(all.text).not.toContain(`user:${admin.id}`);
    expect(all.text).toContain("system:test");
    const byRecord = await b.get(`/team/en/audit?record=${m.id}&action=user`);
    const rows = [...byRecord.text.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1]));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows).toEqual([...rows].sort((x, y) => y - x));
    expect(byRecord.text).toContain("user.role_change");
    const byActor = await b.get(`/team/en/audit?actor=${admin.id}&action=user.role_change`);
    const body = /<tbody>([\s\S]*)<\/tbody>/.exec(byActor.text)![1]!;
    expect(body).toContain("user.role_change");
    expect(body).not.toContain("user.create");
    expect(body).not.toContain("system:test");
    // A record found by its name.
    const person = await buildEntity(t.db, { label: "Fictional Parvaneh Audited", visibility: "team" });
    const source = await buildSource(t.db);
    await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "name",
        value: { type: "name", text: "Parvaneh Audited", kind: "full" },
        sources: [{ sourceId: source.id }],
        editorial: false,
        confidence: "medium",
        visibility: "team",
        status: "asserted",
      }),
    );
    const byName = await b.get(`/team/fa/audit?record=${encodeURIComponent("Parvaneh Audited")}`);
    expect(byName.text).toContain(person.id);
    // Pages of 50: an older page exists after many entries.
    for (let i = 0; i < 51; i++) await b.post(`/team/en/team/members/${m.id}/role`, { role: i % 2 === 0 ? "viewer" : "reviewer" });
    const first = await b.get("/team/en/audit?action=user.role_change");
    const older = /href="([^"]*before=\d+[^"]*)"/.exec(first.text)![1]!.replace(/&amp;/g, "&");
    const second = await b.get(older);
    expect(second.status).toBe(200);
    const firstSeqs = [...first.text.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1]));
    const secondSeqs = [...second.text.matchAll(/<td>(\d+)<\/td>/g)].map((x) => Number(x[1]));
    expect(firstSeqs).toHaveLength(50);
    expect(Math.max(...secondSeqs)).toBeLessThan(Math.min(...firstSeqs));
    for (const name of OBJECT_PROTOTYPE_NAMES.slice(0, 5)) {
      expect((await b.get(`/team/en/audit?actor=${name}&record=${name}&action=${name}&before=${name}`)).status).toBe(200);
    }
  });
});

describe("the TOTP set-up QR code", () => {
  it("is served only for a pending set-up, same origin, not cached, as inert SVG", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    expect((await b.get("/team/en/account/totp/qr.svg")).status).toBe(404);
    await b.get("/team/en/account");
    const start = await b.post("/team/en/account/totp/start", {});
    expect(start.text).toContain('src="/team/en/account/totp/qr.svg"');
    expect(start.text).toMatch(/<img[^>]*alt="[^"]{20,}"/);
    const qr = await b.get("/team/en/account/totp/qr.svg");
    expect(qr.status).toBe(200);
    expect(qr.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(qr.headers.get("Cache-Control")).toBe("no-store");
    expect(qr.text).toMatch(/^<svg[^>]*viewBox/);
    expect(qr.text).not.toMatch(/<script|style=|on\w+=/i);
    expect((await new TestBrowser(app).get("/team/en/account/totp/qr.svg")).status).toBe(404);
  });
});
