import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { loadConfig } from "../config/index.ts";
import { createApp, routeModules } from "../server/index.ts";
import { isSabtError, type SabtError } from "../shared/errors.ts";
import type { Role, Viewer } from "../shared/viewer.ts";
import type { Trx } from "../db/index.ts";
import { createApiToken, hashToken, viewerForToken } from "./auth.service.ts";
import { beginTotpEnrollment, confirmTotpEnrollment } from "./account.service.ts";
import { verifyPassword } from "./password.ts";
import { listAuditEntries } from "../audit/index.ts";
import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  findInvitation,
  listInvitations,
  listTeam,
  resetMemberSecondFactor,
  revokeInvitation,
  setMemberDisabled,
} from "./team.service.ts";
import { totpCode, totpStep } from "./totp.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

const as = (m: { id: string; role: Role }): Viewer => ({ kind: "user", userId: m.id, name: "Fictional admin", role: m.role });
const tx = <T,>(fn: (trx: Trx) => Promise<T>): Promise<T> => t.db.transaction().execute(fn);

async function refused(p: Promise<unknown>): Promise<SabtError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isSabtError(e)) throw new Error(`expected a SabtError, got ${String(e)}`);
  return e;
}

const audit = (objectId: string) => t.db.selectFrom("audit_log").select(["action", "actor"]).where("object_id", "=", objectId).orderBy("seq").execute();

describe("team administration policy", () => {
  it("refuses every admin action to a non-admin, and records nothing", async () => {
    const editor = await buildMember(t.db, "editor");
    const other = await buildMember(t.db, "viewer");
    const v = as(editor);
    const before = await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    // Each call starts only when the previous one was refused: started together, a rejection not
    // yet awaited is an unhandled one (on PostgreSQL, where they really run at once).
    for (const call of [
      () => listTeam(t.db, v),
      () => listInvitations(t.db, v),
      () => tx((trx) => changeMemberRole(trx, v, other.id, "admin")),
      () => tx((trx) => setMemberDisabled(trx, v, other.id, true)),
      () => tx((trx) => resetMemberSecondFactor(trx, v, other.id)),
      () => tx((trx) => createInvitation(trx, v, { email: "fictional.invitee@example.org", name: "Fictional Invitee", role: "admin", expiresInDays: 7 })),
    ]) {
      expect((await refused(call())).id).toBe("forbidden");
    }
    const after = await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await t.db.selectFrom("app_user").select("role").where("id", "=", other.id).executeTakeFirstOrThrow()).role).toBe("viewer");
  });

  it("refuses an admin disabling themselves", async () => {
    const a = await buildMember(t.db, "admin");
    await buildMember(t.db, "admin");
    const e = await refused(tx((trx) => setMemberDisabled(trx, as(a), a.id, true)));
    expect(e.id).toBe("conflict");
    expect(e.details).toEqual({ reason: "self" });
  });

  it("disabling ends the member's sessions and revokes their API tokens at once; re-enabling is recorded", async () => {
    const a = await buildMember(t.db, "admin");
    const m = await buildMember(t.db, "editor");
    await new TestBrowser(createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir }) }, routeModules())).signIn(m.email, m.password);
    const { token } = await tx((trx) => createApiToken(trx, as(a), { email: m.email, name: "fictional script", scopes: ["read"] }));
    expect(await viewerForToken(t.db, token)).toBeDefined();
    expect(await t.db.selectFrom("app_session").select("id_hash").where("user_id", "=", m.id).execute()).toHaveLength(1);
    await tx((trx) => setMemberDisabled(trx, as(a), m.id, true));
    expect(await t.db.selectFrom("app_session").select("id_hash").where("user_id", "=", m.id).execute()).toHaveLength(0);
    const tokens = await t.db.selectFrom("api_token").select("revoked_at").where("user_id", "=", m.id).execute();
    expect(tokens.every((r) => r.revoked_at !== null)).toBe(true);
    // Re-enabling does not bring the token back.
    await tx((trx) => setMemberDisabled(trx, as(a), m.id, false));
    expect(await viewerForToken(t.db, token)).toBeUndefined();
    expect((await audit(m.id)).map((r) => r.action)).toEqual(expect.arrayContaining(["user.disable", "user.enable"]));
    expect((await audit(m.id)).find((r) => r.action === "user.disable")?.actor).toBe(`user:${a.id}`);
  });

  it("resets a member's second factor so they must enrol again", async () => {
    const a = await buildMember(t.db, "admin");
    const m = await buildMember(t.db, "researcher");
    const { secret } = await tx((trx) => beginTotpEnrollment(trx, m.id));
    await tx((trx) => confirmTotpEnrollment(trx, m.id, totpCode(secret, totpStep(Date.now()))));
    await t.db.insertInto("webauthn_credential").values({ id: `cred-${m.id}`, user_id: m.id, name: "Fictional key", public_key: "AA", counter: 0, transports: "[]" }).execute();
    expect((await listTeam(t.db, as(a))).find((x) => x.id === m.id)?.secondFactor).toBe(true);
    await tx((trx) => resetMemberSecondFactor(trx, as(a), m.id));
    const row = await t.db.selectFrom("app_user").select(["totp_secret", "totp_enabled_at"]).where("id", "=", m.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ totp_secret: null, totp_enabled_at: null });
    expect(await t.db.selectFrom("recovery_code").select("code_hash").where("user_id", "=", m.id).execute()).toHaveLength(0);
    expect(await t.db.selectFrom("webauthn_credential").select("id").where("user_id", "=", m.id).execute()).toHaveLength(0);
    expect((await listTeam(t.db, as(a))).find((x) => x.id === m.id)?.secondFactor).toBe(false);
    expect((await audit(m.id)).map((r) => r.action)).toContain("user.second_factor_reset");
  });

  it("changes a role, and lists the last sign-in", async () => {
    const a = await buildMember(t.db, "admin");
    const m = await buildMember(t.db, "viewer");
    expect((await listTeam(t.db, as(a))).find((x) => x.id === m.id)?.lastSignInAt).toBeNull();
    await new TestBrowser(createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir }) }, routeModules())).signIn(m.email, m.password);
    await tx((trx) => changeMemberRole(trx, as(a), m.id, "editor"));
    const listed = (await listTeam(t.db, as(a))).find((x) => x.id === m.id)!;
    expect(listed.role).toBe("editor");
    expect(listed.lastSignInAt).toBeInstanceOf(Date);
    expect(await audit(m.id)).toEqual(expect.arrayContaining([{ action: "user.role_change", actor: `user:${a.id}` }]));
  });
});

describe("the last enabled admin", () => {
  it("can be neither demoted nor disabled, by anyone", async () => {
    const last = await buildMember(t.db, "admin");
    // Every other admin of this file's database is disabled, so `last` is the only one left.
    await t.db.updateTable("app_user").set({ disabled: true }).where("role", "=", "admin").where("id", "!=", last.id).execute();
    const cli: Viewer = { kind: "system", name: "cli:test" };
    const demote = await refused(tx((trx) => changeMemberRole(trx, as(last), last.id, "editor")));
    expect([demote.id, demote.details]).toEqual(["conflict", { reason: "last_admin" }]);
    const disable = await refused(tx((trx) => setMemberDisabled(trx, cli, last.id, true)));
    expect([disable.id, disable.details]).toEqual(["conflict", { reason: "last_admin" }]);
    expect(await t.db.selectFrom("app_user").select(["role", "disabled"]).where("id", "=", last.id).executeTakeFirstOrThrow()).toEqual({ role: "admin", disabled: false });
    // With a second admin, the first may step down.
    const second = await buildMember(t.db, "admin");
    await tx((trx) => changeMemberRole(trx, as(second), last.id, "editor"));
    expect((await t.db.selectFrom("app_user").select("role").where("id", "=", last.id).executeTakeFirstOrThrow()).role).toBe("editor");
  });
});

describe("invitations", () => {
  it("stores only the hash of the token, and the link works exactly once", async () => {
    const a = await buildMember(t.db, "admin");
    const email = `fictional.invitee.${Date.now()}@example.org`;
    const inv = await tx((trx) => createInvitation(trx, as(a), { email, name: "Fictional Invitee", role: "researcher", expiresInDays: 7 }));
    const row = await t.db.selectFrom("invitation").selectAll().where("id", "=", inv.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(inv.token));
    expect(JSON.stringify(await t.db.selectFrom("invitation").selectAll().execute())).not.toContain(inv.token);
    expect(JSON.stringify(await t.db.selectFrom("audit_log").selectAll().execute())).not.toContain(inv.token);
    expect(Math.round((row.expires_at.getTime() - row.created_at.getTime()) / 86_400_000)).toBe(7);
    expect((await listInvitations(t.db, as(a))).map((i) => i.id)).toContain(inv.id);

    const password = "a long fictional passphrase";
    const made = await tx((trx) => acceptInvitation(trx, inv.token, { name: "Fictional Newcomer", password }));
    const user = await t.db.selectFrom("app_user").selectAll().where("id", "=", made.userId).executeTakeFirstOrThrow();
    expect([user.email, user.name, user.role, user.disabled]).toEqual([email, "Fictional Newcomer", "researcher", false]);
    expect(await verifyPassword(user.password_hash!, password)).toBe(true);
    expect((await findInvitation(t.db, inv.token)).status).toBe("gone");
    const again = await refused(tx((trx) => acceptInvitation(trx, inv.token, { name: "Fictional Second", password })));
    expect(again.id).toBe("not_found");
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", email).execute()).toHaveLength(1);
    expect((await listInvitations(t.db, as(a))).map((i) => i.id)).not.toContain(inv.id);
    expect((await audit(made.userId)).map((r) => r.action)).toContain("invitation.accept");
  });

  it("expires, and an expired or revoked link creates no account", async () => {
    const a = await buildMember(t.db, "admin");
    const then = new Date(Date.now() - 8 * 86_400_000);
    const old = await tx((trx) => createInvitation(trx, as(a), { email: "fictional.late@example.org", name: "Fictional Late", role: "viewer", expiresInDays: 7 }, then));
    expect((await findInvitation(t.db, old.token)).status).toBe("expired");
    expect((await refused(tx((trx) => acceptInvitation(trx, old.token, { name: "Fictional Late", password: "a long fictional passphrase" })))).id).toBe("not_found");
    const revoked = await tx((trx) => createInvitation(trx, as(a), { email: "fictional.revoked@example.org", name: "Fictional Revoked", role: "viewer", expiresInDays: 7 }));
    await tx((trx) => revokeInvitation(trx, as(a), revoked.id));
    expect((await findInvitation(t.db, revoked.token)).status).toBe("gone");
    expect((await refused(tx((trx) => acceptInvitation(trx, revoked.token, { name: "Fictional Revoked", password: "a long fictional passphrase" })))).id).toBe("not_found");
    expect(await t.db.selectFrom("app_user").select("id").where("email", "in", ["fictional.late@example.org", "fictional.revoked@example.org"]).execute()).toEqual([]);
    expect((await findInvitation(t.db, "inv_unknownunknownunknownunknown")).status).toBe("unknown");
    expect((await findInvitation(t.db, "constructor")).status).toBe("unknown");
  });

  it("refuses a weak password and an address that already has an account, saving nothing", async () => {
    const a = await buildMember(t.db, "admin");
    const existing = await buildMember(t.db, "viewer");
    expect((await refused(tx((trx) => createInvitation(trx, as(a), { email: existing.email, name: "Fictional Twin", role: "viewer", expiresInDays: 7 })))).id).toBe("validation_failed");
    const inv = await tx((trx) => createInvitation(trx, as(a), { email: "fictional.weak@example.org", name: "Fictional Weak", role: "viewer", expiresInDays: 7 }));
    const weak = await refused(tx((trx) => acceptInvitation(trx, inv.token, { name: "Fictional Weak", password: "short" })));
    expect(weak.message).toMatch(/^password:/);
    expect((await findInvitation(t.db, inv.token)).status).toBe("open");
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", "fictional.weak@example.org").execute()).toEqual([]);
  });
});

describe("the audit log pages", () => {
  it("are read by admins only, newest first, filtered and paged", async () => {
    const a = await buildMember(t.db, "admin");
    const m = await buildMember(t.db, "viewer");
    for (const r of ["editor", "reviewer", "viewer"] as const) await tx((trx) => changeMemberRole(trx, as(a), m.id, r));
    for (const role of ["editor", "researcher", "reviewer", "viewer"] as const) {
      expect((await refused(listAuditEntries(t.db, as({ id: m.id, role })))).id).toBe("forbidden");
    }
    const first = await listAuditEntries(t.db, as(a), { actor: `user:${a.id}`, objectIds: [m.id], action: "user", limit: 2 });
    expect(first.entries.map((e) => [e.action, e.details])).toEqual([
      ["user.role_change", { from: "reviewer", to: "viewer" }],
      ["user.role_change", { from: "editor", to: "reviewer" }],
    ]);
    const second = await listAuditEntries(t.db, as(a), { actor: `user:${a.id}`, objectIds: [m.id], action: "user", limit: 2, before: first.next });
    expect(second.entries.map((e) => e.details)).toEqual([{ from: "viewer", to: "editor" }]);
    expect(second.next).toBeUndefined();
    // An action group matches by whole segments only, and LIKE's wildcards in it are literal.
    expect((await listAuditEntries(t.db, as(a), { objectIds: [m.id], action: "use" })).entries).toEqual([]);
    expect((await listAuditEntries(t.db, as(a), { objectIds: [m.id], action: "%" })).entries).toEqual([]);
    expect((await listAuditEntries(t.db, as(a), { objectIds: [] })).entries).toEqual([]);
  });
});
