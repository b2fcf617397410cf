/**
 * The record history, the side-by-side comparison of versions and revert from it, in-process (the
 * app of `sabt serve`), in both languages: members' names instead of ids, confidential values kept
 * from roles that may not read them, stale reverts shown as conflicts with nothing saved, built-in
 * property names as values and reasons, and bad version numbers answered with a clear page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource } from "../../test/factories.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { createClaim, editClaim } from "../claims/index.ts";
import { loadConfig } from "../config/index.ts";
import type { Trx } from "../db/index.ts";
import { editEntity } from "../entities/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";
import type { Viewer } from "../shared/viewer.ts";

let t: TestDatabase;
let app: App;
let editor: TestBrowser;
let reviewer: TestBrowser;
let editorViewer: Viewer;
let editorName = "";
let entityId = "";
let srcId = "";
let secretClaim = "";

const tx = <T>(fn: (trx: Trx) => Promise<T>) => t.db.transaction().execute(fn);

async function asViewer(m: Awaited<ReturnType<typeof buildMember>>): Promise<{ viewer: Viewer; name: string }> {
  const row = await t.db.selectFrom("app_user").select(["name"]).where("id", "=", m.id).executeTakeFirstOrThrow();
  return { viewer: { kind: "user", userId: m.id, name: row.name, role: m.role }, name: row.name };
}

/** A team claim with two versions (value changed) by the editor; returns its id. */
async function claimWithTwoVersions(first: string, second: string, reason = "Fictional correction"): Promise<string> {
  const c = await tx((trx) =>
    createClaim(trx, editorViewer, {
      entityId,
      property: "note",
      value: { type: "text", text: first },
      sources: [{ sourceId: srcId }],
      editorial: false,
      confidence: "medium",
      visibility: "team",
      status: "asserted",
    }),
  );
  await tx((trx) => editClaim(trx, editorViewer, c.id, { version: 1, value: { type: "text", text: second }, confidence: "high", reason }));
  return c.id;
}

const claimRow = (id: string) => t.db.selectFrom("claim").select(["version", "value_text", "confidence"]).where("id", "=", id).executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const e = await buildMember(t.db, "editor");
  const r = await buildMember(t.db, "reviewer");
  ({ viewer: editorViewer, name: editorName } = await asViewer(e));
  editor = new TestBrowser(app);
  await editor.signIn(e.email, e.password);
  reviewer = new TestBrowser(app);
  await reviewer.signIn(r.email, r.password, "fa");
  srcId = (await buildSource(t.db)).id;
  entityId = (await buildEntity(t.db, { visibility: "team", label: "Fictional Person Nasrin Karimi" })).id;
  await tx((trx) => editEntity(trx, editorViewer, entityId, { version: 1, label: "Fictional Person Nasrin Karimi-Far", reason: "spelling" }));
  const secret = await tx((trx) =>
    createClaim(trx, editorViewer, {
      entityId,
      property: "witness",
      value: { type: "text", text: "Fictional hidden witness Golnaz" },
      sources: [{ sourceId: srcId }],
      editorial: false,
      confidence: "medium",
      visibility: "confidential",
      status: "asserted",
    }),
  );
  secretClaim = secret.id;
  await tx((trx) => editClaim(trx, editorViewer, secret.id, { version: 1, confidence: "high", reason: "Fictional hidden reason" }));
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe("the record history page", () => {
  it("is linked from the record and lists every change newest first with members' names, in English", async () => {
    const id = await claimWithTwoVersions("Fictional held in Evin", "Fictional held in Qezel Hesar");
    const record = await editor.get(`/team/en/entities/${entityId}`);
    expect(record.text).toContain(`href="/team/en/entities/${entityId}/history"`);
    const r = await editor.get(`/team/en/entities/${entityId}/history`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<html lang="en" dir="ltr">');
    expect(r.text).toContain(editorName);
    expect(r.text).not.toContain(`user:${editorViewer.kind === "user" ? editorViewer.userId : ""}`);
    expect(r.text).toContain("Fictional held in Qezel Hesar");
    expect(r.text).toContain('<del><span class="visually-hidden">removed: </span>Fictional held in Evin</del>');
    expect(r.text).toContain(`href="/team/en/claims/${id}/compare?a=1&amp;b=2"`);
    expect(r.text).toContain(`href="/team/en/entities/${entityId}/compare?a=1&amp;b=2"`);
    // Newest first: the claim edited last comes before the record's label change.
    const rows = r.text.slice(r.text.indexOf("<tbody>"));
    expect(rows.indexOf("Fictional held in Qezel Hesar")).toBeGreaterThan(-1);
    expect(rows.indexOf("Fictional held in Qezel Hesar")).toBeLessThan(rows.indexOf('<ins><span class="visually-hidden">added: </span>Fictional Person Nasrin Karimi-Far</ins>'));
    // The confidential claim is opened for an editor.
    expect(r.text).toContain("Fictional hidden witness Golnaz");
  });

  it("shows a reviewer that confidential changes happened but not their values, in Persian", async () => {
    const r = await reviewer.get(`/team/fa/entities/${entityId}/history`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<html lang="fa" dir="rtl">');
    expect(r.text).toContain("تغییری محرمانه: مقدار آن به نقش شما نشان داده نمی‌شود.");
    expect(r.text).not.toContain("Golnaz");
    expect(r.text).not.toContain("Fictional hidden reason");
    expect(r.text).toContain("تاریخچهٔ پرونده");
    expect(r.text).toContain(editorName);
    // Nor may the reviewer open the confidential claim's comparison.
    const cmp = await reviewer.get(`/team/fa/claims/${secretClaim}/compare?a=1&b=2`);
    expect(cmp.status).toBe(404);
    expect(cmp.text).not.toContain("Golnaz");
  });

  it("pages through long histories", async () => {
    const busy = (await buildEntity(t.db, { visibility: "team", label: "Fictional Busy Record" })).id;
    for (let i = 0; i < 26; i++) {
      await tx((trx) =>
        createClaim(trx, editorViewer, {
          entityId: busy,
          property: "note",
          value: { type: "text", text: `Fictional note ${i}` },
          sources: [],
          editorial: true,
          confidence: "medium",
          visibility: "team",
          status: "asserted",
        }).then((c) => editClaim(trx, editorViewer, c.id, { version: 1, confidence: "low" })),
      );
    }
    const first = await editor.get(`/team/en/entities/${busy}/history`);
    expect(first.text).toContain(`href="/team/en/entities/${busy}/history?offset=50"`);
    expect(first.text).not.toContain("Newer changes");
    const second = await editor.get(`/team/en/entities/${busy}/history?offset=50`);
    expect(second.status).toBe(200);
    expect(second.text).toContain("Newer changes");
    expect(second.text).not.toContain("?offset=100");
  });
});

describe("comparing two versions side by side", () => {
  it("shows both values of a claim, the changed fields marked in words, in both languages", async () => {
    const id = await claimWithTwoVersions("Fictional arrested at home in Shiraz", "Fictional arrested at work in Shiraz");
    const en = await editor.get(`/team/en/claims/${id}/compare?a=1&b=2`);
    expect(en.status).toBe(200);
    expect(en.text).toContain("Version A: 1");
    expect(en.text).toContain("Version B: 2");
    expect(en.text).toMatch(/<del><span class="visually-hidden">removed: <\/span>home <\/del>/);
    expect(en.text).toMatch(/<ins><span class="visually-hidden">added: <\/span>work <\/ins>/);
    expect(en.text).toContain('<strong class="badge contested">Changed</strong>');
    // Sources are named by their labels, not their ids.
    const source = await t.db.selectFrom("entity").select("label").where("id", "=", srcId).executeTakeFirstOrThrow();
    expect(en.text).toMatch(new RegExp(`data-field="sources"><th scope="row">Sources</th><td><bdi>${source.label}</bdi></td>`));
    expect(en.text).toMatch(/data-field="status"><th scope="row">Status<\/th><td><bdi>asserted<\/bdi><\/td><td><bdi>asserted<\/bdi><\/td><td>Same<\/td>/);
    const fa = await editor.get(`/team/fa/claims/${id}/compare?a=1&b=2`);
    expect(fa.text).toContain('<html lang="fa" dir="rtl">');
    expect(fa.text).toContain("تغییر کرد");
    expect(fa.text).toContain("نسخهٔ الف");
    expect(fa.text).toContain(editorName);
    // Without a choice, the page compares the last two versions.
    const dflt = await editor.get(`/team/en/claims/${id}/compare`);
    expect(dflt.text).toContain("Version A: 1");
    expect(dflt.text).toContain("Version B: 2");
  });

  it("compares the record's own label across versions", async () => {
    const r = await editor.get(`/team/fa/entities/${entityId}/compare?a=1&b=2`);
    expect(r.status).toBe(200);
    expect(r.text).toContain("Karimi-Far");
    expect(r.text).toContain("عنوان");
  });

  it.each([
    ["abc", "2", 400],
    ["constructor", "1", 400],
    ["__proto__", "1", 400],
    ["-1", "2", 400],
    ["1.5", "2", 400],
    ["", "2", 400],
    ["99", "1", 404],
    ["0", "1", 400],
  ])("answers a=%j b=%j with a clear page, not a stack trace", async (a, b, status) => {
    const id = await claimWithTwoVersions("Fictional one", "Fictional two");
    for (const lang of ["en", "fa"] as const) {
      const r = await editor.get(`/team/${lang}/claims/${id}/compare?a=${encodeURIComponent(a)}&b=${b}`);
      expect(r.status).toBe(status);
      expect(r.text).toContain(lang === "en" ? "Choose two existing versions" : "دو نسخهٔ موجود را برگزینید");
      expect(r.text).not.toMatch(/at \w+ \(|node_modules|SabtError/);
    }
  });
});

describe("reverting from the comparison", () => {
  it("reverts a claim to an earlier version with the member's reason, as a new version", async () => {
    const id = await claimWithTwoVersions("Fictional executed in 1988", "Fictional executed in 1989");
    await editor.get(`/team/en/claims/${id}/compare?a=1&b=2`);
    const r = await editor.post(`/team/en/claims/${id}/compare/revert`, { version: "2", toVersion: "1", a: "1", b: "2", reason: "constructor" });
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/team/en/entities/${entityId}/history`);
    expect(await claimRow(id)).toEqual({ version: 3, value_text: "Fictional executed in 1988", confidence: "medium" });
    const history = await editor.get(`/team/en/entities/${entityId}/history`);
    expect(history.text).toContain("<td>constructor</td>");
    expect(history.text).toContain("reverted");
  });

  it("shows the conflict when the claim changed meanwhile, and saves nothing", async () => {
    const id = await claimWithTwoVersions("Fictional buried in Khavaran", "Fictional buried unknown");
    await editor.get(`/team/fa/claims/${id}/compare?a=1&b=2`);
    // Someone else edits while the member is comparing.
    await tx((trx) => editClaim(trx, editorViewer, id, { version: 2, confidence: "low" }));
    const r = await editor.post(`/team/fa/claims/${id}/compare/revert`, { version: "2", toVersion: "1", a: "1", b: "2", reason: "__proto__" });
    expect(r.status).toBe(409);
    expect(r.text).toContain("هم‌زمان با مقایسهٔ شما کس دیگری این پرونده را تغییر داد.");
    // The member's reason is kept, and the comparison now shows the current version.
    expect(r.text).toContain(">__proto__</textarea>");
    expect(r.text).toContain('name="version" value="3"');
    expect(await claimRow(id)).toEqual({ version: 3, value_text: "Fictional buried unknown", confidence: "low" });
  });

  it("asks for a reason beside the field, keeping what was typed, and saves nothing", async () => {
    const id = await claimWithTwoVersions("Fictional a", "Fictional b");
    await editor.get(`/team/en/claims/${id}/compare?a=1&b=2`);
    const empty = await editor.post(`/team/en/claims/${id}/compare/revert`, { version: "2", toVersion: "1", a: "1", b: "2", reason: "   " });
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(/<p id="reason-error" class="notice error" role="alert">Give a reason for the revert.<\/p><textarea id="reason" name="reason" required="" maxlength="1000" aria-describedby="reason-error">/);
    const long = "toString ".repeat(120);
    const tooLong = await editor.post(`/team/fa/claims/${id}/compare/revert`, { version: "2", toVersion: "1", a: "1", b: "2", reason: long });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain("دلیل بیش از اندازه بلند است");
    expect(tooLong.text).toContain(`>${long}</textarea>`);
    expect((await claimRow(id)).version).toBe(2);
  });

  it("refuses bad version numbers in the revert form with a clear page", async () => {
    const id = await claimWithTwoVersions("Fictional c", "Fictional d");
    await editor.get(`/team/en/claims/${id}/compare`);
    for (const toVersion of ["constructor", "", "abc"]) {
      const r = await editor.post(`/team/en/claims/${id}/compare/revert`, { version: "2", toVersion, a: "1", b: "2", reason: "Fictional" });
      expect(r.status).toBe(400);
      expect(r.text).toContain("Choose two existing versions");
    }
    const missing = await editor.post(`/team/en/claims/${id}/compare/revert`, { version: "2", toVersion: "77", a: "1", b: "2", reason: "Fictional" });
    expect(missing.status).toBe(404);
    const notEarlier = await editor.post(`/team/en/claims/${id}/compare/revert`, { version: "2", toVersion: "2", a: "1", b: "2", reason: "Fictional" });
    expect(notEarlier.status).toBe(400);
    expect(notEarlier.text).toContain("Only an earlier version can be restored");
    expect((await claimRow(id)).version).toBe(2);
  });

  it("reverts the record's label, and shows a stale label revert as a conflict", async () => {
    const e = (await buildEntity(t.db, { visibility: "team", label: "Fictional Label Shahla" })).id;
    await tx((trx) => editEntity(trx, editorViewer, e, { version: 1, label: "Fictional Label Shahla Misspelt" }));
    await editor.get(`/team/en/entities/${e}/compare?a=1&b=2`);
    const stale = await editor.post(`/team/en/entities/${e}/compare/revert`, { version: "1", toVersion: "1", a: "1", b: "2", reason: "valueOf" });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain("Someone else changed this record while you were comparing.");
    const ok = await editor.post(`/team/en/entities/${e}/compare/revert`, { version: "2", toVersion: "1", a: "1", b: "2", reason: "valueOf" });
    expect(ok.status).toBe(303);
    const row = await t.db.selectFrom("entity").select(["label", "version"]).where("id", "=", e).executeTakeFirstOrThrow();
    expect(row).toEqual({ label: "Fictional Label Shahla", version: 3 });
  });

  it("offers no revert to a reviewer and refuses one posted anyway", async () => {
    const id = await claimWithTwoVersions("Fictional e", "Fictional f");
    const page = await reviewer.get(`/team/fa/claims/${id}/compare?a=1&b=2`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("/compare/revert");
    const r = await reviewer.post(`/team/fa/claims/${id}/compare/revert`, { version: "2", toVersion: "1", a: "1", b: "2", reason: "Fictional" });
    expect(r.status).toBe(403);
    expect((await claimRow(id)).version).toBe(2);
  });
});

describe("the claim's own history", () => {
  it("names members instead of showing their ids, and links the comparison", async () => {
    const id = await claimWithTwoVersions("Fictional g", "Fictional h");
    const r = await editor.get(`/team/en/claims/${id}/history`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`<td>${editorName}</td>`);
    expect(r.text).not.toMatch(/user:[0-9a-f-]{36}/);
    expect(r.text).toContain(`href="/team/en/claims/${id}/compare"`);
  });
});
