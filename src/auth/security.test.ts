import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource } from "../../test/factories.ts";
import { loadConfig } from "../config/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { ARGON2_PARAMS } from "./password.ts";
import { hashSessionToken } from "./session.service.ts";
import { THROTTLE } from "./throttle.service.ts";
import { totpCode, totpStep } from "./totp.ts";

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const makeApp = () => createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir }) }, routeModules());
beforeAll(async () => {
  t = await createTestDatabase();
  app = makeApp();
});
afterAll(async () => {
  await t.close();
});

const sessions = (userId: string) => t.db.selectFrom("app_session").selectAll().where("user_id", "=", userId).execute();

describe("passwords", () => {
  it("stores argon2id hashes with at least 19 MiB and 2 iterations", async () => {
    const m = await buildMember(t.db, "viewer");
    const row = await t.db.selectFrom("app_user").select("password_hash").where("id", "=", m.id).executeTakeFirstOrThrow();
    const p = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(row.password_hash ?? "");
    expect(p).not.toBeNull();
    expect(Number(p![1])).toBeGreaterThanOrEqual(19 * 1024);
    expect(Number(p![2])).toBeGreaterThanOrEqual(2);
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(row.password_hash).not.toContain(m.password);
  });
});

describe("sessions", () => {
  it("issues a new HttpOnly SameSite=Strict session on sign-in, stored only as a hash, and a different one each time", async () => {
    const m = await buildMember(t.db, "researcher");
    const b = new TestBrowser(app);
    const signInPage = await b.get("/team/en/sign-in");
    expect(signInPage.headers.getSetCookie().join()).toMatch(/sabt_pre=.*HttpOnly.*SameSite=Strict/i);
    const pre = b.cookies.get("sabt_pre");
    const r = await b.signIn(m.email, m.password);
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("sabt_session="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const token = b.cookies.get("sabt_session")!;
    expect(token).not.toBe(pre);
    const rows = await sessions(m.id);
    expect(rows.map((s) => s.id_hash)).toEqual([hashSessionToken(token)]);
    expect(JSON.stringify(rows)).not.toContain(token);
    // Signing in again from the same browser replaces the session (rotation, V7.2.4).
    await b.get("/team/en/");
    expect((await b.post("/team/en/sign-in", { email: m.email, password: m.password })).status).toBe(303);
    const token2 = b.cookies.get("sabt_session")!;
    expect(token2).not.toBe(token);
    expect((await sessions(m.id)).map((s) => s.id_hash)).toEqual([hashSessionToken(token2)]);
  });

  it("uses __Host- Secure cookies over https", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app, "https://localhost");
    const r = await b.signIn(m.email, m.password);
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith("__Host-sabt_session="))!;
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(r.headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
    expect((await b.get("/team/en/")).status).toBe(200);
  });

  it("behind a TLS-terminating proxy (https public URL, http request) sends HSTS and honours only the __Host- cookie", async () => {
    const proxied = createApp(
      { db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: "https://sabt.example.org" }) },
      routeModules(),
    );
    const m = await buildMember(t.db, "viewer");
    // The proxy forwards plain http to Sabt; the browser speaks https to the proxy.
    const b = new TestBrowser(proxied, "http://localhost");
    const signIn = await b.signIn(m.email, m.password);
    expect(signIn.headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
    expect((await b.get("/en/")).headers.get("Strict-Transport-Security")).toMatch(/max-age=/);
    const token = b.cookies.get("__Host-sabt_session");
    expect(token).toBeDefined();
    expect(b.cookies.has("sabt_session")).toBe(false);
    expect((await b.get("/team/en/")).status).toBe(200);

    // The same live session under the plain cookie name (as a subdomain or a network attacker
    // could plant it) is not a session on a secure site.
    const tossed = new TestBrowser(proxied, "http://localhost");
    tossed.cookies.set("sabt_session", token!);
    const r = await tossed.get("/team/en/");
    expect(r.status).toBe(302);
    expect(r.location).toBe("/team/en/sign-in");
  });

  it("on a plain-http development setup uses plain cookie names and sends no HSTS", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app, "http://localhost");
    const r = await b.signIn(m.email, m.password);
    expect(r.headers.get("Strict-Transport-Security")).toBeNull();
    expect(b.cookies.has("sabt_session")).toBe(true);
    expect((await b.get("/team/en/")).status).toBe(200);
  });

  it("ends a session after 30 idle minutes and at its absolute deadline", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    expect((await b.get("/team/en/")).status).toBe(200);
    await t.db.updateTable("app_session").set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).where("user_id", "=", m.id).execute();
    const idle = await b.get("/team/en/");
    expect(idle.status).toBe(302);
    expect(idle.location).toBe("/team/en/sign-in");
    expect(await sessions(m.id)).toHaveLength(0);

    await b.signIn(m.email, m.password);
    await t.db.updateTable("app_session").set({ expires_at: new Date(Date.now() - 1000) }).where("user_id", "=", m.id).execute();
    expect((await b.get("/team/en/")).status).toBe(302);
    expect(await sessions(m.id)).toHaveLength(0);
  });

  it("signs out by deleting the session", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    await b.get("/team/en/");
    const r = await b.post("/team/en/sign-out", {});
    expect(r.status).toBe(303);
    expect(await sessions(m.id)).toHaveLength(0);
  });

  it("ignores session cookies on the JSON API (bearer tokens only, so no CSRF there)", async () => {
    const m = await buildMember(t.db, "admin");
    const team = await buildEntity(t.db, { visibility: "team" });
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    expect((await b.get(`/team/en/entities/${team.id}`)).status).toBe(200);
    expect((await b.get(`/api/entities/${team.id}`)).status).toBe(404);
  });
});

describe("sign-in throttling", () => {
  it("locks an account after 5 failures, even for the right password, and a restart does not reset it", async () => {
    const m = await buildMember(t.db, "editor");
    const b = new TestBrowser(app, "http://localhost", "198.51.100.1");
    await b.get("/team/en/sign-in");
    for (let i = 0; i < THROTTLE.account.limit; i++) {
      const r = await b.post("/team/en/sign-in", { email: m.email, password: "wrong password here" });
      expect(r.status).toBe(400);
      expect(r.text).toContain("e-mail address or password is wrong");
    }
    const locked = await b.post("/team/en/sign-in", { email: m.email, password: m.password });
    expect(locked.status).toBe(429);
    expect(await sessions(m.id)).toHaveLength(0);
    const restarted = new TestBrowser(makeApp(), "http://localhost", "198.51.100.2");
    await restarted.get("/team/en/sign-in");
    expect((await restarted.post("/team/en/sign-in", { email: m.email, password: m.password })).status).toBe(429);
  });

  it("locks an address after 30 failures across accounts", async () => {
    const victim = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app, "http://localhost", "198.51.100.99");
    await b.get("/team/en/sign-in");
    for (let i = 0; i < THROTTLE.address.limit; i++) {
      await b.post("/team/en/sign-in", { email: `nobody-${i}@example.org`, password: "guess guess guess" });
    }
    expect((await b.post("/team/en/sign-in", { email: victim.email, password: victim.password })).status).toBe(429);
    const elsewhere = new TestBrowser(app, "http://localhost", "198.51.100.100");
    await elsewhere.signIn(victim.email, victim.password);
  });
});

describe("second factor", () => {
  it("forces enrollment when an admin requires it, then asks for a code at every sign-in; codes work once", async () => {
    const m = await buildMember(t.db, "researcher", { requireSecondFactor: true });
    const b = new TestBrowser(app);
    await b.get("/team/en/sign-in");
    const r = await b.post("/team/en/sign-in", { email: m.email, password: m.password });
    expect(r.location).toBe("/team/en/account/enroll");
    // Nothing else is reachable before enrolling.
    expect((await b.get("/team/en/")).location).toBe("/team/en/account/enroll");
    expect((await b.get("/api/entities")).status).toBe(200);
    const enroll = await b.get("/team/en/account/enroll");
    expect(enroll.status).toBe(200);
    const started = await b.post("/team/en/account/totp/start", {});
    const secret = /<code>([A-Z2-7]{32})<\/code>/.exec(started.text)![1]!;
    const before = b.cookies.get("sabt_session");
    // Kept: the sign-in below offers this very code again, which must be refused even when a new
    // 30-second step has begun meanwhile (computing "the current code" again then gave a fresh one).
    const confirmCode = totpCode(secret, totpStep(Date.now()));
    const confirmed = await b.post("/team/en/account/totp/confirm", { code: confirmCode });
    expect(confirmed.status).toBe(200);
    const codes = [...confirmed.text.matchAll(/<li>([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})<\/li>/g)].map((x) => x[1]!);
    expect(codes).toHaveLength(10);
    expect(b.cookies.get("sabt_session")).not.toBe(before);
    expect((await b.get("/team/en/")).status).toBe(200);
    const stored = await t.db.selectFrom("app_user").select("totp_secret").where("id", "=", m.id).executeTakeFirstOrThrow();
    expect(stored.totp_secret).not.toContain(secret);

    // Next sign-in: password, then a code. A wrong code fails; the code already used is refused.
    const b2 = new TestBrowser(app);
    await b2.get("/team/en/sign-in");
    const step1 = await b2.post("/team/en/sign-in", { email: m.email, password: m.password });
    expect(step1.location).toBe("/team/en/sign-in/second-factor");
    expect((await b2.get("/team/en/")).location).toBe("/team/en/sign-in/second-factor");
    await b2.get("/team/en/sign-in/second-factor");
    expect((await b2.post("/team/en/sign-in/second-factor", { code: "000000" })).status).toBe(400);
    const reused = await b2.post("/team/en/sign-in/second-factor", { code: confirmCode });
    expect(reused.status).toBe(400);
    const ok = await b2.post("/team/en/sign-in/second-factor", { code: codes[0]! });
    expect(ok.status).toBe(303);
    expect((await b2.get("/team/en/")).status).toBe(200);

    const b3 = new TestBrowser(app);
    await b3.get("/team/en/sign-in");
    await b3.post("/team/en/sign-in", { email: m.email, password: m.password });
    await b3.get("/team/en/sign-in/second-factor");
    expect((await b3.post("/team/en/sign-in/second-factor", { code: codes[0]! })).status).toBe(400);
  });
});

describe("CSRF and origin checks", () => {
  it("changes nothing for a form post without a valid token or from another origin", async () => {
    const m = await buildMember(t.db, "editor");
    const person = await buildEntity(t.db, { visibility: "team" });
    const src = await buildSource(t.db);
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    await b.get(`/team/en/entities/${person.id}/claims/new`);
    const form = { property: "note", valueType: "text", value: "Fictional note", sourceId: src.id, confidence: "medium", visibility: "team" };
    const other = new TestBrowser(app);
    await other.get("/team/en/sign-in");
    const attempts = [
      await b.post(`/team/en/entities/${person.id}/claims`, form, { csrf: false }),
      await b.post(`/team/en/entities/${person.id}/claims`, form, { csrf: "forged" }),
      await b.post(`/team/en/entities/${person.id}/claims`, form, { csrf: other.lastCsrf }),
      await b.post(`/team/en/entities/${person.id}/claims`, form, { headers: { Origin: "https://evil.example" } }),
      await b.post(`/team/en/entities/${person.id}/claims`, form, { headers: { "Sec-Fetch-Site": "cross-site" } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    const count = async () => (await t.db.selectFrom("claim").select("id").where("entity_id", "=", person.id).execute()).length;
    expect(await count()).toBe(0);
    const ok = await b.post(`/team/en/entities/${person.id}/claims`, form);
    expect(ok.status).toBe(303);
    expect(await count()).toBe(1);
  });

  it("refuses a login CSRF (sign-in form posted without the pre-session token)", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app);
    const r = await b.post("/team/en/sign-in", { email: m.email, password: m.password }, { csrf: false });
    expect(r.status).toBe(403);
    expect(await sessions(m.id)).toHaveLength(0);
  });
});

describe("confidential reads", () => {
  it("logs a confidential.read audit entry with ids only when a member is shown confidential values", async () => {
    const { createClaim } = await import("../claims/index.ts");
    const { testActor } = await import("../../test/factories.ts");
    const m = await buildMember(t.db, "researcher");
    const person = await buildEntity(t.db, { visibility: "team" });
    const src = await buildSource(t.db);
    const secret = `Fictional witness ${Math.random().toString(36).slice(2)}`;
    const claim = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "witness",
        value: { type: "text", text: secret },
        sources: [{ sourceId: src.id }],
        editorial: false,
        confidence: "medium",
        visibility: "confidential",
        status: "asserted",
      }),
    );
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    const page = await b.get(`/team/en/entities/${person.id}`);
    expect(page.text).toContain(secret);
    const entries = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "confidential.read").where("actor", "=", `user:${m.id}`).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({ claimIds: [claim.id] });
    expect(JSON.stringify(entries[0])).not.toContain(secret);
  });
});
