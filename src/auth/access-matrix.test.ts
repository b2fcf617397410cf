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
import { createClaim, createClaims, editClaim, type Claim } from "../claims/index.ts";
import { loadConfig } from "../config/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import type { Role, Visibility } from "../shared/viewer.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";

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
/** The model of issue 13: a claim is read at the most closed of its own visibility and its entity's. */
function canReadClaim(p: Principal, o: { entityVis: Visibility; claim: { visibility: Visibility } }, api = false): boolean {
  return canRead(p, o.claim.visibility, api) && canRead(p, o.entityVis, api);
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
  // A viewer's read-only token: the principal of issue 13.
  const vro = await buildUserToken(t.db, "viewer", ["read"]);
  principals.push({ kind: "token", name: "token:viewer:read", role: "viewer", scopes: ["read"], headers: vro.headers });
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
        // A claim is readable when the claim and its entity are (issue 13: not the claim alone).
        const readClaim = canReadClaim(p, o, true);
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
              if (visible && !canReadClaim(p, other, true)) problems.push(`${p.name} sees ${other.claim.visibility} claim on ${o.entityVis} entity`);
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
        for (const body of [r.text, list.text]) if (body.includes(o.canary) && !canReadClaim(p, o, true)) problems.push(`${p.name} sees ${o.canary}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("writes are refused unless role, scope and visibility allow them (allowed writes reach the version check)", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      for (const o of objects) {
        const readable = p.kind !== "anonymous" && p.kind !== "session" && CLEARANCE[p.role].includes(o.claim.visibility) && CLEARANCE[p.role].includes(o.entityVis);
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
        const readClaim = member && canReadClaim(p, o);
        const cells: [string, boolean][] = [
          [`/team/en/entities/${o.entityId}`, member && canRead(p, o.entityVis)],
          [`/team/en/claims/${o.claim.id}/history`, readClaim],
          [`/team/en/claims/${o.claim.id}/edit`, readClaim && canDo(p, WRITERS)],
          [`/team/en/entities/${o.entityId}/history`, member && canRead(p, o.entityVis)],
          [`/team/en/entities/${o.entityId}/compare`, member && canRead(p, o.entityVis)],
          [`/team/en/claims/${o.claim.id}/compare`, readClaim],
        ];
        for (const [path, allowed] of cells) {
          const r = await browser.request(path, { headers: extra });
          const ok = r.status === 200;
          if (ok !== allowed) problems.push(`${p.name} GET ${path} (${o.entityVis}/${o.claim.visibility}): ${r.status}`);
          if (!member && r.status !== 302) problems.push(`${p.name} GET ${path}: ${r.status}, expected a redirect to sign-in`);
          for (const other of objects) {
            if (r.text.includes(other.canary) && !(member && canReadClaim(p, other))) problems.push(`${p.name} ${path} shows ${other.canary}`);
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
        const allowed = canDo(p, WRITERS) && canReadClaim(p, o);
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

describe("access matrix: a claim is never more visible than its entity, nor than the entity its value names (issue 13)", () => {
  interface Case {
    name: string;
    entityVis: Visibility;
    claimVis: Visibility;
    /** For a relation: the visibility of the entity the claim's value names. */
    refVis?: Visibility;
    entityId: string;
    claimId: string;
    /** A claim of the same entity and visibility, with a date, for the interval query. */
    dateClaimId: string;
    /** What shows the claim was served: its text, or the id of the entity it names. */
    canary: string;
  }
  const cases: Case[] = [];
  const WORD = `qjvleak${process.pid}`;
  const DAY = "1911-11-11";
  const MISSING = `no-such-claim-${process.pid}`;
  let itemId = "";

  /** The model: what a principal may read on one surface (the API ignores session cookies; the workspace ignores tokens). */
  function clearance(p: Principal, surface: "api" | "workspace"): readonly Visibility[] {
    if (p.kind === "anonymous") return surface === "api" ? ["public"] : [];
    if (p.kind === "session") return surface === "api" ? ["public"] : CLEARANCE[p.role];
    return surface === "api" ? CLEARANCE[p.role] : [];
  }
  /** Everything a claim depends on must be readable: the claim, its entity and the entity its value names. */
  const levels = (c: Case) => [c.claimVis, c.entityVis, ...(c.refVis ? [c.refVis] : [])];
  const sees = (p: Principal, vs: readonly Visibility[], surface: "api" | "workspace") => vs.every((v) => clearance(p, surface).includes(v));
  const readScope = (p: Principal) => p.kind !== "token" || p.scopes.includes("read");

  beforeAll(async () => {
    const src = await buildSource(t.db, { visibility: "public" });
    const store = openBlobStore(loadConfig({ SABT_DATA_DIR: t.dataDir }).blobStore);
    itemId = (await ingestFile(t.db, store, { bytes: Buffer.from("Fictional ledger") }, { filename: "ledger.txt", visibility: "public" }, "test")).id;
    const specs: { entityVis: Visibility; claimVis: Visibility; refVis?: Visibility }[] = [
      ...VIS.flatMap((entityVis) => VIS.map((claimVis) => ({ entityVis, claimVis }))),
      // Relations whose claim and subject a member may read, naming an entity of every visibility.
      ...(["public", "team"] as const).flatMap((entityVis) => (["public", "team"] as const).flatMap((claimVis) => VIS.map((refVis) => ({ entityVis, claimVis, refVis })))),
    ];
    for (const [i, spec] of specs.entries()) {
      const e = await buildEntity(t.db, { visibility: spec.entityVis, label: `Fictional ${spec.entityVis} subject` });
      const named = spec.refVis ? await buildEntity(t.db, { type: "organization", visibility: spec.refVis, label: `Fictional ${spec.refVis} organization` }) : undefined;
      const canary = named ? named.id : `${WORD}c${String(i).padStart(2, "0")}`;
      const common = {
        entityId: e.id,
        sources: [{ sourceId: src.id, locator: { archiveItemId: itemId } }],
        editorial: false,
        confidence: "medium" as const,
        visibility: spec.claimVis,
        status: "asserted" as const,
      };
      const [claim, date] = await t.db.transaction().execute((trx) =>
        createClaims(trx, testActor, [
          { ...common, property: named ? "member_of" : "note", value: named ? { type: "entity", id: named.id } : { type: "text", text: canary } },
          { ...common, property: "death_date", value: { type: "date", text: DAY } },
        ]),
      );
      const name = `${spec.claimVis} claim on ${spec.entityVis} entity${spec.refVis ? ` naming a ${spec.refVis} entity` : ""}`;
      cases.push({ name, ...spec, entityId: e.id, claimId: claim!.id, dateClaimId: date!.id, canary });
    }
  });

  it("every claim endpoint of the API answers as the model says, and a claim the principal may not read is exactly a missing one", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      const cells = (id: string): { method: string; path: string; body?: unknown; reached: number; allowed: boolean }[] => [
        { method: "GET", path: `/api/claims/${id}`, reached: 200, allowed: readScope(p) },
        { method: "GET", path: `/api/claims/${id}/revisions`, reached: 200, allowed: p.kind === "token" && readScope(p) },
        { method: "PATCH", path: `/api/claims/${id}`, body: { version: 999, confidence: "high" }, reached: 409, allowed: canDo(p, WRITERS, "write", true) },
        // toVersion 99 is not earlier than the current version: refused as invalid only once authorized.
        { method: "POST", path: `/api/claims/${id}/revert`, body: { version: 999, toVersion: 99 }, reached: 400, allowed: canDo(p, WRITERS, "write", true) },
        { method: "POST", path: `/api/claims/${id}/prefer`, body: { version: 999, reason: "x" }, reached: 409, allowed: canDo(p, REVIEWERS, "write", true) },
      ];
      const missing = new Map<string, number>();
      for (const cell of cells(MISSING)) {
        const r = await api(p, cell.path, { method: cell.method, body: cell.body });
        missing.set(cell.method + cell.path.replace(MISSING, ""), r.status);
        if (cell.method === "GET" && r.status !== 404) problems.push(`${p.name} ${cell.method} ${cell.path}: ${r.status}, expected 404`);
      }
      for (const c of cases) {
        const visible = sees(p, levels(c), "api");
        for (const cell of cells(c.claimId)) {
          const r = await api(p, cell.path, { method: cell.method, body: cell.body });
          const asMissing = missing.get(cell.method + cell.path.replace(c.claimId, ""))!;
          const where = `${p.name} ${cell.method} ${cell.path} (${c.name}): ${r.status}`;
          if (!visible && r.status !== asMissing) problems.push(`${where}, expected ${asMissing} as for a missing claim`);
          if (visible && cell.allowed && r.status !== cell.reached) problems.push(`${where}, expected ${cell.reached}`);
          if (visible && !cell.allowed && !(r.status === 401 || r.status === 403)) problems.push(`${where}, expected 401 or 403`);
          if (r.status !== 200 && r.text.includes(c.canary)) problems.push(`${where}: a refusal shows the value`);
          if (r.status === 200 && !r.text.includes(c.canary)) problems.push(`${where}: the value is missing`);
        }
        // The entity with its claims: the claim is listed exactly when it is visible.
        const e = await api(p, `/api/entities/${c.entityId}`);
        if (e.status === 200 && e.text.includes(c.canary) !== visible) problems.push(`${p.name} GET /api/entities/… (${c.name}) ${visible ? "omits" : "lists"} the claim`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("lists of claims (dates, citations of an evidence item) and search hits hold only the claims the principal may read", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      const interval = await api(p, `/api/claims?from=${DAY}&to=${DAY}&limit=1000`);
      if (interval.status !== (readScope(p) ? 200 : 403)) problems.push(`${p.name} GET /api/claims?from…: ${interval.status}`);
      const item = await api(p, `/api/archive/items/${itemId}`);
      if (item.status !== (readScope(p) ? 200 : 403)) problems.push(`${p.name} GET /api/archive/items/…: ${item.status}`);
      const citing = item.status === 200 ? (JSON.parse(item.text) as { citingClaimIds: string[] }).citingClaimIds : [];
      const page = p.kind === "session" ? await p.browser.get(`/team/en/evidence/${itemId}`) : undefined;
      if (page && page.status !== 200) problems.push(`${p.name} GET /team/en/evidence/…: ${page.status}`);
      for (const c of cases) {
        const visible = readScope(p) && sees(p, levels(c), "api");
        const dateVisible = readScope(p) && sees(p, [c.claimVis, c.entityVis], "api");
        // A confidential claim's dates are sealed (src/crypto/claim-seal.ts), so no interval finds it.
        const inInterval = dateVisible && c.claimVis !== "confidential";
        if (interval.text.includes(c.dateClaimId) !== inInterval) problems.push(`${p.name} interval query (${c.name}): ${inInterval ? "omits" : "lists"} the claim`);
        if (citing.includes(c.claimId) !== visible) problems.push(`${p.name} evidence item's citing claims (${c.name}): ${visible ? "omits" : "lists"} the claim`);
        if (citing.includes(c.dateClaimId) !== dateVisible) problems.push(`${p.name} evidence item's citing claims (${c.name}, date): ${dateVisible ? "omits" : "lists"} the claim`);
        const onPage = sees(p, levels(c), "workspace");
        if (page && page.text.includes(c.canary) !== onPage) problems.push(`${p.name} evidence page (${c.name}): ${onPage ? "omits" : "shows"} the claim`);
      }
      // Search finds an entity by a claim's words only when both the claim and the entity may be read.
      for (const c of cases.filter((x) => !x.refVis)) {
        const surfaces: ["api" | "workspace", Promise<{ status: number; text: string }> | undefined][] = [
          ["api", api(p, `/api/search?q=${c.canary}&limit=50`)],
          ["workspace", p.kind === "session" ? p.browser.get(`/team/en/search?q=${c.canary}`) : undefined],
        ];
        for (const [surface, pending] of surfaces) {
          if (!pending) continue;
          const r = await pending;
          const visible = readScope(p) && sees(p, levels(c), surface);
          if (r.text.includes(c.entityId) !== visible) problems.push(`${p.name} ${surface} search for ${c.name}: ${visible ? "misses" : "finds"} the entity`);
          for (const other of cases) {
            if (other !== c && r.text.includes(other.entityId) && !sees(p, [other.entityVis], surface)) problems.push(`${p.name} ${surface} search shows an unreadable entity (${other.name})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("workspace claim pages, history and form posts answer as the model says, and an unreadable claim is exactly a missing one", async () => {
    const problems: string[] = [];
    for (const p of principals) {
      const browser = p.kind === "session" ? p.browser : new TestBrowser(app);
      const headers = p.kind === "token" ? p.headers : {};
      const member = p.kind === "session";
      const writer = member && canDo(p, WRITERS);
      const gets = (id: string): [string, boolean][] => [
        [`/team/en/claims/${id}/history`, true],
        [`/team/en/claims/${id}/edit`, writer],
      ];
      const posts = (id: string): [string, Record<string, string>, number][] => [
        [`/team/en/claims/${id}`, { version: "999", confidence: "high" }, 409],
        [`/team/en/claims/${id}/revert`, { version: "999", toVersion: "99" }, 400],
      ];
      const missing = new Map<string, number>();
      for (const [path] of gets(MISSING)) missing.set(path.replace(MISSING, ""), (await browser.request(path, { headers })).status);
      for (const [path, fields] of posts(MISSING)) {
        await browser.get("/team/en/account");
        missing.set(`POST ${path.replace(MISSING, "")}`, (await browser.post(path, fields, { headers })).status);
      }
      // Members get "not found"; others are sent to sign in (a page) or refused (a form post without a session's anti-CSRF token).
      for (const [key, status] of missing) if (member ? status !== 404 : status !== (key.startsWith("POST") ? 403 : 302)) problems.push(`${p.name} ${key} of a missing claim: ${status}`);
      for (const c of cases) {
        const visible = member && sees(p, levels(c), "workspace");
        for (const [path, allowed] of gets(c.claimId)) {
          const r = await browser.request(path, { headers });
          const where = `${p.name} GET ${path} (${c.name}): ${r.status}`;
          const asMissing = missing.get(path.replace(c.claimId, ""))!;
          if (!visible && r.status !== asMissing) problems.push(`${where}, expected ${asMissing} as for a missing claim`);
          if (visible && r.status !== (allowed ? 200 : 403)) problems.push(`${where}, expected ${allowed ? 200 : 403}`);
          if (r.status !== 200 && r.text.includes(c.canary)) problems.push(`${where}: a refusal shows the value`);
          if (r.status === 200 && !r.text.includes(c.canary)) problems.push(`${where}: the value is missing`);
        }
        for (const [path, fields, reached] of posts(c.claimId)) {
          await browser.get("/team/en/account");
          const r = await browser.post(path, fields, { headers });
          const where = `${p.name} POST ${path} (${c.name}): ${r.status}`;
          const asMissing = missing.get(`POST ${path.replace(c.claimId, "")}`)!;
          if (!visible && r.status !== asMissing) problems.push(`${where}, expected ${asMissing} as for a missing claim`);
          if (visible && r.status !== (writer ? reached : 403)) problems.push(`${where}, expected ${writer ? reached : 403}`);
        }
        const e = await browser.request(`/team/en/entities/${c.entityId}`, { headers });
        if (e.status === 200 && e.text.includes(c.canary) !== visible) problems.push(`${p.name} entity page (${c.name}) ${visible ? "omits" : "shows"} the claim`);
      }
    }
    expect(problems).toEqual([]);
    // Nothing was changed by any of the refused or stale writes.
    for (const c of cases) {
      const row = await t.db.selectFrom("claim").select(["version", "preferred"]).where("id", "=", c.claimId).executeTakeFirstOrThrow();
      expect(row).toEqual({ version: 1, preferred: false });
    }
  });

  it("a claim's history leaves out the versions that named an entity the reader may not read", async () => {
    const src = await buildSource(t.db, { visibility: "public" });
    const person = await buildEntity(t.db, { visibility: "public", label: "Fictional public member" });
    const secret = await buildEntity(t.db, { type: "organization", visibility: "confidential", label: "Fictional confidential organization" });
    const open = await buildEntity(t.db, { type: "organization", visibility: "public", label: "Fictional public organization" });
    const claim = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "member_of",
        value: { type: "entity", id: secret.id },
        sources: [{ sourceId: src.id }],
        editorial: false,
        confidence: "medium",
        visibility: "team",
        status: "asserted",
      }),
    );
    await t.db.transaction().execute((trx) => editClaim(trx, testActor, claim.id, { version: 1, value: { type: "entity", id: open.id } }));
    const reviewer = principals.find((p) => p.name === "token:reviewer:rw")!;
    const editor = principals.find((p) => p.name === "token:editor:rw")!;
    const session = principals.find((p) => p.name === "session:reviewer")! as Extract<Principal, { kind: "session" }>;
    const seen = await api(reviewer, `/api/claims/${claim.id}/revisions`);
    expect(seen.status).toBe(200);
    expect((JSON.parse(seen.text) as { items: { version: number }[] }).items.map((r) => r.version)).toEqual([2]);
    expect(seen.text).not.toContain(secret.id);
    const page = await session.browser.get(`/team/en/claims/${claim.id}/history`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(open.id);
    expect(page.text).not.toContain(secret.id);
    const all = await api(editor, `/api/claims/${claim.id}/revisions`);
    expect((JSON.parse(all.text) as { items: { version: number }[] }).items.map((r) => r.version)).toEqual([1, 2]);
  });
});
