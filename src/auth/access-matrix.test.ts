/**
 * Route × principal × object matrix: every API and workspace route, every role by session and by
 * API token (with scopes), anonymous visitors, against entities and claims of every visibility.
 * Each cell's expectation comes from an independent model of the policy below, not from the code
 * under test; any difference is an unexpected access (or an unexpected refusal).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, buildUserToken, testActor } from "../../test/factories.ts";
import { ingestFile, openBlobStore } from "../archive/index.ts";
import { createClaim, type Claim } from "../claims/index.ts";
import { loadConfig } from "../config/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import type { Role, Visibility } from "../shared/viewer.ts";
import { buildMember, TestBrowser } from "../workspace/testing.ts";

type Principal =
  | { kind: "anonymous"; name: string }
  | { kind: "session"; name: string; role: Role; browser: TestBrowser }
  | { kind: "token"; name: string; role: Role; scopes: ("read" | "write" | "admin")[]; headers: Record<string, string> };

const VIS: Visibility[] = ["public", "team", "confidential"];
const CLEARANCE: Record<Role, Visibility[]> = {
  admin: VIS,
  editor: VIS,
  researcher: VIS,
  reviewer: ["public", "team"],
  viewer: ["public", "team"],
};
const WRITERS: Role[] = ["admin", "editor", "researcher"];
const REVIEWERS: Role[] = ["admin", "editor", "reviewer"];

/** The model: may this principal read an object of this visibility? (`api`: the JSON API ignores session cookies.) */
function canRead(p: Principal, v: Visibility, api = false): boolean {
  if (p.kind === "anonymous" || (api && p.kind === "session")) return v === "public";
  if (p.kind === "token" && !p.scopes.includes("read")) return false;
  return CLEARANCE[p.role].includes(v);
}
function canDo(p: Principal, who: Role[], scope: "write" | "admin" = "write", api = false): boolean {
  if (p.kind === "anonymous" || (api && p.kind === "session")) return false;
  if (p.kind === "token" && !p.scopes.includes(scope)) return false;
  return who.includes(p.role);
}

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
const principals: Principal[] = [];
/** entity visibility → claim visibility → claim */
const objects: { entityVis: Visibility; entityId: string; claim: Claim; canary: string }[] = [];
const CANARY = `zqxcanary${process.pid}`;
const items: { vis: Visibility; id: string; canary: string }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir }) }, routeModules());
  const src = await buildSource(t.db, { visibility: "public" });
  const store = openBlobStore(loadConfig({ SABT_DATA_DIR: t.dataDir }).blobStore);
  for (const vis of VIS) {
    const canary = `${CANARY}item${vis}`;
    const item = await ingestFile(t.db, store, { bytes: Buffer.from(`Fictional testimony ${canary}`) }, { filename: `${vis}.txt`, visibility: vis }, "test");
    items.push({ vis, id: item.id, canary });
  }
  for (const ev of VIS) {
    const e = await buildEntity(t.db, { visibility: ev, label: `Fictional ${ev} person` });
    for (const cv of VIS) {
      const canary = `${CANARY}${ev}${cv}`;
      const claim = await t.db.transaction().execute((trx) =>
        createClaim(trx, testActor, {
          entityId: e.id,
          property: "note",
          value: { type: "text", text: canary },
          sources: [{ sourceId: src.id }],
          editorial: false,
          confidence: "medium",
          visibility: cv,
          status: "asserted",
        }),
      );
      objects.push({ entityVis: ev, entityId: e.id, claim, canary });
    }
  }
  principals.push({ kind: "anonymous", name: "anonymous" });
  for (const role of Object.keys(CLEARANCE) as Role[]) {
    const m = await buildMember(t.db, role);
    const browser = new TestBrowser(app);
    await browser.signIn(m.email, m.password);
    await browser.get("/team/en/account");
    principals.push({ kind: "session", name: `session:${role}`, role, browser });
    const rw = await buildUserToken(t.db, role, ["read", "write"]);
    principals.push({ kind: "token", name: `token:${role}:rw`, role, scopes: ["read", "write"], headers: rw.headers });
  }
  const ro = await buildUserToken(t.db, "editor", ["read"]);
  principals.push({ kind: "token", name: "token:editor:read", role: "editor", scopes: ["read"], headers: ro.headers });
  const ad = await buildUserToken(t.db, "admin", ["admin"]);
  principals.push({ kind: "token", name: "token:admin:admin-only", role: "admin", scopes: ["admin"], headers: ad.headers });
});
afterAll(async () => {
  await t.close();
});

async function api(p: Principal, path: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...(p.kind === "token" ? p.headers : {}) };
  if (p.kind === "session") headers.Cookie = [...p.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await app.request(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

const denied = (s: number) => s === 401 || s === 403 || s === 404;

describe("access matrix: JSON API", () => {
  it("reads of entities, claims and their histories follow the policy, and denied bodies leak nothing", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      for (const o of objects) {
        // A claim is readable when the claim and (for anonymous visitors, the public projection) its entity are.
        const readClaim = canRead(p, o.claim.visibility, true) && (canRead(p, "team", true) || o.entityVis === "public");
        const readEntity = canRead(p, o.entityVis, true);
        const cells: [string, boolean, boolean][] = [
          [`/api/claims/${o.claim.id}`, readClaim, true],
          [`/api/claims/${o.claim.id}/revisions`, readClaim && canRead(p, "team", true), true],
          [`/api/entities/${o.entityId}`, readEntity, false],
          [`/api/entities/${o.entityId}/revisions`, readEntity && canRead(p, "team", true), false],
        ];
        for (const [path, allowed, carriesCanary] of cells) {
          const r = await api(p, path);
          const ok = r.status === 200;
          if (ok !== allowed) problems.push(`${p.name} GET ${path} (${o.entityVis}/${o.claim.visibility}): ${r.status}, expected ${allowed ? 200 : "denied"}`);
          if (!ok && r.text.includes(o.canary)) problems.push(`${p.name} GET ${path}: denied body contains the value`);
          if (ok && carriesCanary && path.endsWith(o.claim.id) && !r.text.includes(o.canary)) problems.push(`${p.name} GET ${path}: value missing`);
          // Entity reads list claims: only those the principal may read.
          if (path === `/api/entities/${o.entityId}` && ok) {
            for (const other of objects.filter((x) => x.entityId === o.entityId)) {
              const visible = r.text.includes(other.canary);
              if (visible && !canRead(p, other.claim.visibility, true)) problems.push(`${p.name} sees ${other.claim.visibility} claim on ${o.entityVis} entity`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("archive items and their files follow the policy, and denied bodies leak nothing", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      for (const item of items) {
        for (const path of [`/api/archive/items/${item.id}`, `/api/archive/items/${item.id}/content`]) {
          const r = await api(p, path);
          const allowed = canRead(p, item.vis, true);
          if ((r.status === 200) !== allowed) problems.push(`${p.name} GET ${path} (${item.vis} item): ${r.status}`);
          if (r.status !== 200 && r.text.includes(item.canary)) problems.push(`${p.name} GET ${path}: denied body shows the content`);
          if (path.endsWith("/content") && r.status === 200 && !r.text.includes(item.canary)) problems.push(`${p.name} GET ${path}: content missing`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("search and lists return only what the principal may read", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      const r = await api(p, `/api/search?q=${CANARY}&limit=100`);
      const list = await api(p, `/api/entities?limit=500`);
      for (const o of objects) {
        if (r.status === 200 && r.text.includes(o.entityId)) {
          const reachable = objects.some((x) => x.entityId === o.entityId && canRead(p, x.claim.visibility, true) && canRead(p, x.entityVis, true));
          if (!reachable || !canRead(p, o.entityVis, true)) problems.push(`${p.name} search found ${o.entityVis} entity`);
        }
        if (list.status === 200 && list.text.includes(o.entityId) && !canRead(p, o.entityVis, true)) problems.push(`${p.name} list shows ${o.entityVis} entity`);
        for (const body of [r.text, list.text]) if (body.includes(o.canary) && !canRead(p, o.claim.visibility, true)) problems.push(`${p.name} sees ${o.canary}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("writes are refused unless role, scope and visibility allow them (allowed writes reach the version check)", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      for (const o of objects) {
        const readable = p.kind !== "anonymous" && p.kind !== "session" && CLEARANCE[p.role].includes(o.claim.visibility);
        const cells: [string, string, unknown, boolean][] = [
          ["PATCH", `/api/claims/${o.claim.id}`, { version: 999, confidence: "high" }, canDo(p, WRITERS, "write", true) && readable],
          ["POST", `/api/claims/${o.claim.id}/revert`, { version: 999, toVersion: 99 }, canDo(p, WRITERS, "write", true) && readable],
          ["POST", `/api/claims/${o.claim.id}/prefer`, { version: 999, reason: "x" }, canDo(p, REVIEWERS, "write", true) && readable],
          ["PATCH", `/api/entities/${o.entityId}`, { version: 999, label: "x" }, canDo(p, WRITERS, "write", true) && p.kind === "token" && CLEARANCE[p.role].includes(o.entityVis)],
        ];
        for (const [method, path, body, allowed] of cells) {
          const r = await api(p, path, { method, body });
          const reached = path.endsWith("/revert") ? 400 : 409;
          if (allowed ? r.status !== reached : !denied(r.status)) problems.push(`${p.name} ${method} ${path} (${o.entityVis}/${o.claim.visibility}): ${r.status}, expected ${allowed ? reached : "denied"}`);
        }
      }
      const create = await api(p, "/api/claims", {
        method: "POST",
        body: { entityId: objects[0]!.entityId, property: "note", value: { type: "text", text: "x" }, sources: [{ sourceId: "no-such-source" }] },
      });
      if (canDo(p, WRITERS, "write", true) ? create.status !== 400 : !denied(create.status)) problems.push(`${p.name} POST /api/claims: ${create.status}`);
      const entity = await api(p, "/api/entities", { method: "POST", body: { type: "person", label: "x", slug: "Not A Slug" } });
      if (canDo(p, WRITERS, "write", true) ? entity.status !== 400 : !denied(entity.status) && entity.status !== 400) problems.push(`${p.name} POST /api/entities: ${entity.status}`);
    }
    expect(problems).toEqual([]);
    // Nothing changed.
    for (const o of objects) {
      const row = await t.db.selectFrom("claim").select(["version", "confidence"]).where("id", "=", o.claim.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ version: o.claim.version, confidence: o.claim.confidence });
    }
  });
});

describe("access matrix: team workspace", () => {
  it("pages are for signed-in members only, and show each member only what their role may read", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      const browser = p.kind === "session" ? p.browser : new TestBrowser(app);
      const extra = p.kind === "token" ? p.headers : {};
      for (const o of objects) {
        const member = p.kind === "session";
        const readClaim = member && canRead(p, o.claim.visibility);
        const cells: [string, boolean][] = [
          [`/team/en/entities/${o.entityId}`, member && canRead(p, o.entityVis)],
          [`/team/en/claims/${o.claim.id}/history`, readClaim],
          [`/team/en/claims/${o.claim.id}/edit`, readClaim && canDo(p, WRITERS)],
        ];
        for (const [path, allowed] of cells) {
          const r = await browser.request(path, { headers: extra });
          const ok = r.status === 200;
          if (ok !== allowed) problems.push(`${p.name} GET ${path} (${o.entityVis}/${o.claim.visibility}): ${r.status}`);
          if (!member && r.status !== 302) problems.push(`${p.name} GET ${path}: ${r.status}, expected a redirect to sign-in`);
          for (const other of objects) {
            if (r.text.includes(other.canary) && !(member && canRead(p, other.claim.visibility))) problems.push(`${p.name} ${path} shows ${other.canary}`);
          }
        }
      }
      for (const item of items) {
        const member = p.kind === "session";
        for (const path of [`/team/en/evidence/${item.id}`, `/team/en/evidence/${item.id}/file`]) {
          const r = await browser.request(path, { headers: extra });
          const allowed = member && canRead(p, item.vis);
          if ((r.status === 200) !== allowed) problems.push(`${p.name} GET ${path} (${item.vis} item): ${r.status}`);
          if (!member && r.status !== 302) problems.push(`${p.name} GET ${path}: ${r.status}, expected a redirect to sign-in`);
          if (r.status === 200 && !r.text.includes(item.canary)) problems.push(`${p.name} GET ${path}: content missing`);
          if (r.status !== 200 && r.text.includes(item.canary)) problems.push(`${p.name} GET ${path}: denied body shows the content`);
        }
      }
      for (const path of ["/team/en/", `/team/en/search?q=${CANARY}`, "/team/en/account", "/team/en/import", "/team/fa/", "/team/en/linkage", "/team/en/estimation"]) {
        const r = await browser.request(path, { headers: extra });
        const allowed = p.kind === "session" && (path !== "/team/en/import" || canDo(p, WRITERS));
        if ((r.status === 200) !== allowed) problems.push(`${p.name} GET ${path}: ${r.status}`);
        for (const o of objects) {
          if (r.text.includes(o.entityId) && !(p.kind === "session" && canRead(p, o.entityVis))) problems.push(`${p.name} ${path} lists a ${o.entityVis} entity`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("form posts are refused unless the role allows them (allowed edits reach the version check)", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      if (p.kind !== "session") {
        const b = new TestBrowser(app);
        await b.get("/team/en/sign-in");
        const r = await b.post(`/team/en/claims/${objects[0]!.claim.id}`, { version: "999", confidence: "high" }, { headers: p.kind === "token" ? p.headers : {} });
        if (!denied(r.status)) problems.push(`${p.name} POST workspace edit: ${r.status}`);
        continue;
      }
      for (const o of objects) {
        const allowed = canDo(p, WRITERS) && canRead(p, o.claim.visibility);
        const r = await p.browser.post(`/team/en/claims/${o.claim.id}`, { version: "999", confidence: "high" });
        if (allowed ? r.status !== 409 : !denied(r.status)) problems.push(`${p.name} POST edit (${o.claim.visibility}): ${r.status}`);
        // toVersion 99 is not earlier than the current version: refused as invalid only once authorized.
        const rv = await p.browser.post(`/team/en/claims/${o.claim.id}/revert`, { version: "999", toVersion: "99" });
        if (allowed ? rv.status !== 400 : !denied(rv.status)) problems.push(`${p.name} POST revert (${o.claim.visibility}): ${rv.status}`);
        await p.browser.get("/team/en/account");
      }
      const admin = await p.browser.post("/team/en/account/members/require-second-factor", { email: "nobody@example.org", required: "on" });
      if (p.role === "admin" ? admin.status !== 404 : !denied(admin.status)) problems.push(`${p.name} POST require-second-factor: ${admin.status}`);
    }
    expect(problems).toEqual([]);
    for (const o of objects) {
      const row = await t.db.selectFrom("claim").select(["version"]).where("id", "=", o.claim.id).executeTakeFirstOrThrow();
      expect(row.version).toBe(o.claim.version);
    }
  });
});
