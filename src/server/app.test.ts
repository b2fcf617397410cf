import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, buildUserToken } from "../../test/factories.ts";
import { createApp } from "./app.ts";
import type { App } from "../http/index.ts";

let t: TestDatabase;
let app: App;
let editor: { headers: Record<string, string> };
let viewer: { headers: Record<string, string> };
let reviewer: { headers: Record<string, string> };

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: testConfig() });
  editor = await buildUserToken(t.db, "editor");
  viewer = await buildUserToken(t.db, "viewer", ["read"]);
  reviewer = await buildUserToken(t.db, "reviewer");
});
afterAll(async () => {
  await t.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

describe("JSON API", () => {
  it("answers /healthz and serves an OpenAPI 3.1 document generated from the schemas", async () => {
    expect(await (await app.request("/healthz")).json()).toEqual({ ok: true });
    const doc = (await (await app.request("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/entities", "/api/entities/{id}", "/api/claims", "/api/claims/{id}/revert", "/api/search"]),
    );
  });

  it.each([
    ["malformed JSON", "{not json", 400],
    ["a missing field", { type: "person" }, 400],
    ["an unknown entity type", { type: "alien", label: "x" }, 400],
    ["a wrong field type", { type: "person", label: 42 }, 400],
  ])("rejects %s with a 4xx JSON error carrying a stable id, never a stack trace", async (_name, body, status) => {
    const res = await app.request("/api/entities", json(body, editor.headers));
    expect(res.status).toBe(status);
    const b = (await res.json()) as { error: { id: string; message: string } };
    expect(b.error.id).toBe("validation_failed");
    expect(b.error.message).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("rejects a claim without sources with a message naming the field", async () => {
    const p = await buildEntity(t.db);
    const res = await app.request(
      "/api/claims",
      json({ entityId: p.id, property: "note", value: { type: "text", text: "x" }, sources: [] }, editor.headers),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^sources: /);
  });

  it("answers an unparseable date with 400, not 500", async () => {
    const p = await buildEntity(t.db);
    const s = await buildSource(t.db);
    const res = await app.request(
      "/api/claims",
      json({ entityId: p.id, property: "death_date", value: { type: "date", text: "30 Esfand 1367" }, sources: [{ sourceId: s.id }] }, editor.headers),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe("validation_failed");
  });

  it("creates, edits with a version, refuses a stale edit with 409, and lists history", async () => {
    const p = await buildEntity(t.db);
    const s = await buildSource(t.db);
    const created = await app.request(
      "/api/claims",
      json({ entityId: p.id, property: "prison", value: { type: "text", text: "Evin" }, sources: [{ sourceId: s.id }], visibility: "public" }, editor.headers),
    );
    expect(created.status).toBe(201);
    const claim = (await created.json()) as { id: string; version: number };
    const patch = (version: number, text: string) =>
      app.request(`/api/claims/${claim.id}`, { ...json({ version, value: { type: "text", text } }, editor.headers), method: "PATCH" });
    expect((await patch(1, "Gohardasht")).status).toBe(200);
    const stale = await patch(1, "Qezel Hesar");
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { id: string } }).error.id).toBe("stale_version");
    const hist = (await (await app.request(`/api/claims/${claim.id}/revisions`, { headers: editor.headers })).json()) as { items: unknown[] };
    expect(hist.items).toHaveLength(2);
    // Once a second member approved it the claim is public, and still its history is for members.
    expect((await app.request(`/api/review/claim/${claim.id}`, json({ decision: "approve" }, reviewer.headers))).status).toBe(200);
    expect((await app.request(`/api/claims/${claim.id}`)).status).toBe(200);
    expect((await app.request(`/api/claims/${claim.id}/revisions`)).status).toBe(403);
  });

  it("gives anonymous readers only the public projection and team readers more", async () => {
    const p = await buildEntity(t.db, { label: "Fictional Visible" });
    const s = await buildSource(t.db);
    for (const visibility of ["public", "confidential"]) {
      const res = await app.request(
        "/api/claims",
        json({ entityId: p.id, property: "note", value: { type: "text", text: `${visibility}-canary` }, sources: [{ sourceId: s.id }], visibility }, editor.headers),
      );
      const { id } = (await res.json()) as { id: string };
      if (visibility === "public") await app.request(`/api/review/claim/${id}`, json({ decision: "approve" }, reviewer.headers));
    }
    const anon = await (await app.request(`/api/entities/${p.id}`)).text();
    expect(anon).toContain("public-canary");
    expect(anon).not.toContain("confidential-canary");
    const ed = await (await app.request(`/api/entities/${p.id}`, { headers: editor.headers })).text();
    expect(ed).toContain("confidential-canary");
    const vw = await (await app.request(`/api/entities/${p.id}`, { headers: viewer.headers })).text();
    expect(vw).not.toContain("confidential-canary");
  });

  it("refuses writes from a read-only token and from anonymous callers", async () => {
    expect((await app.request("/api/entities", json({ type: "person", label: "x" }, viewer.headers))).status).toBe(403);
    expect((await app.request("/api/entities", json({ type: "person", label: "x" }))).status).toBe(403);
    expect((await app.request("/api/entities", json({ type: "person", label: "x" }, { Authorization: "Bearer nope" }))).status).toBe(401);
  });

  it("does not reveal that a team entity exists to anonymous readers", async () => {
    const hidden = await buildEntity(t.db, { visibility: "team" });
    const res = await app.request(`/api/entities/${hidden.id}`);
    expect(res.status).toBe(404);
  });
});
