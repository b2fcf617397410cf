import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../test/config.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource, buildUserToken, testActor } from "../../test/factories.ts";
import { createApp } from "../server/index.ts";
import type { App } from "../http/index.ts";
import { runPersonImport } from "../imports/index.ts";
import { editClaim } from "./claim.service.ts";

// The four-eyes rule over the JSON API: what a member makes public waits for a second member.

let t: TestDatabase;
let app: App;
let researcher: Awaited<ReturnType<typeof buildUserToken>>;
let reviewer: Awaited<ReturnType<typeof buildUserToken>>;
let editor: Awaited<ReturnType<typeof buildUserToken>>;
let viewerRole: Awaited<ReturnType<typeof buildUserToken>>;
let sourceId = "";

const json = (method: string, body: unknown, headers: Record<string, string>) => ({
  method,
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const anonymousSees = async (path: string) => (await app.request(path)).status;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: testConfig({ SABT_DATA_DIR: t.dataDir }) });
  researcher = await buildUserToken(t.db, "researcher");
  reviewer = await buildUserToken(t.db, "reviewer");
  editor = await buildUserToken(t.db, "editor");
  viewerRole = await buildUserToken(t.db, "viewer");
  sourceId = (await buildSource(t.db, { visibility: "public" })).id;
});
afterAll(() => t.close());

async function proposeClaim(entityId: string, text: string, by = researcher.headers) {
  const res = await app.request("/api/claims", json("POST", {
    entityId, property: "note", value: { type: "text", text }, sources: [{ sourceId }], visibility: "public", confidence: "medium", status: "asserted", editorial: false,
  }, by));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; review: string; version: number };
}

describe("four eyes before publication", () => {
  it("keeps a member's new public claim pending and out of the public projection until a reviewer approves it", async () => {
    const person = await buildEntity(t.db);
    const claim = await proposeClaim(person.id, "Fictional pending note");
    expect(claim.review).toBe("pending");
    expect(await anonymousSees(`/api/claims/${claim.id}`)).toBe(404);
    const queue = (await (await app.request("/api/review?state=pending", { headers: reviewer.headers })).json()) as { items: { objectId: string; kind: string; authors: { name: string }[] }[] };
    const item = queue.items.find((i) => i.objectId === claim.id);
    expect(item?.kind).toBe("claim");
    expect(item?.authors.map((a) => a.name)).toEqual(["Test researcher"]);

    const ok = await app.request(`/api/review/claim/${claim.id}`, json("POST", { decision: "approve" }, reviewer.headers));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ state: "approved" });
    expect(await anonymousSees(`/api/claims/${claim.id}`)).toBe(200);
    const member = (await (await app.request(`/api/claims/${claim.id}`, { headers: researcher.headers })).json()) as { review: string };
    expect(member.review).toBe("approved");
    const approved = (await (await app.request("/api/review?state=approved", { headers: researcher.headers })).json()) as { items: { objectId: string; decidedBy: { name: string } }[] };
    expect(approved.items.find((i) => i.objectId === claim.id)?.decidedBy.name).toBe("Test reviewer");
  });

  it("refuses self-approval with 403 four_eyes, for reviewers who author too", async () => {
    const person = await buildEntity(t.db);
    const mine = await proposeClaim(person.id, "Fictional editor note", editor.headers);
    const res = await app.request(`/api/review/claim/${mine.id}`, json("POST", { decision: "approve" }, editor.headers));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe("four_eyes");
    expect(await anonymousSees(`/api/claims/${mine.id}`)).toBe(404);
  });

  it("lets only reviewers, editors and admins decide", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional note for the viewer role");
    const res = await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, viewerRole.headers));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { id: string } }).error.id).toBe("forbidden");
  });

  it("needs a reason to reject, shows it to the author, and the rejected claim never becomes public", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional rejected note");
    const noReason = await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "reject" }, reviewer.headers));
    expect(noReason.status).toBe(400);
    expect(await (await app.request(`/api/claims/${c.id}`, { headers: researcher.headers })).json()).toMatchObject({ review: "pending" });
    const res = await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "reject", reason: "No source says this" }, reviewer.headers));
    expect(res.status).toBe(200);
    expect(await anonymousSees(`/api/claims/${c.id}`)).toBe(404);
    const mine = (await (await app.request("/api/review?state=rejected", { headers: researcher.headers })).json()) as { items: { objectId: string; reason: string }[] };
    expect(mine.items.find((i) => i.objectId === c.id)?.reason).toBe("No source says this");
    expect(await (await app.request(`/api/claims/${c.id}`, { headers: researcher.headers })).json()).toMatchObject({ review: "rejected" });
  });

  it("keeps the approved public value in public while a member's change to it waits, then publishes the change", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional first wording");
    await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, reviewer.headers));
    const edit = await app.request(`/api/claims/${c.id}`, json("PATCH", { version: 1, value: { type: "text", text: "Fictional second wording" } }, researcher.headers));
    expect(edit.status).toBe(200);
    expect(await edit.json()).toMatchObject({ review: "pending", valueText: "Fictional first wording", version: 1 });
    const pub = (await (await app.request(`/api/claims/${c.id}`)).json()) as { valueText: string };
    expect(pub.valueText).toBe("Fictional first wording");

    const queue = (await (await app.request("/api/review", { headers: reviewer.headers })).json()) as { items: { objectId: string; proposal: { op: string } }[] };
    expect(queue.items.find((i) => i.objectId === c.id)?.proposal.op).toBe("edit");
    expect((await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, reviewer.headers))).status).toBe(200);
    const after = (await (await app.request(`/api/claims/${c.id}`)).json()) as { valueText: string };
    expect(after.valueText).toBe("Fictional second wording");
    const history = (await (await app.request(`/api/claims/${c.id}/revisions`, { headers: reviewer.headers })).json()) as { items: { author: string }[] };
    expect(history.items.at(-1)?.author).toBe(`user:${researcher.userId}`);
  });

  it("keeps a member's choice of the preferred public value waiting until a second member approves it", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional value to prefer");
    await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, reviewer.headers));
    const res = await app.request(`/api/claims/${c.id}/prefer`, json("POST", { version: 1, reason: "Fictional: the better source" }, editor.headers));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ review: "pending", preferred: false });
    expect(await (await app.request(`/api/claims/${c.id}`)).json()).toMatchObject({ preferred: false });
    expect((await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, editor.headers))).status).toBe(403);
    expect((await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, reviewer.headers))).status).toBe(200);
    expect(await (await app.request(`/api/claims/${c.id}`)).json()).toMatchObject({ preferred: true });
  });

  it("hides a public claim at once when a member narrows it, without review", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional wrongly published name");
    await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve" }, reviewer.headers));
    const res = await app.request(`/api/claims/${c.id}`, json("PATCH", { version: 1, visibility: "team" }, researcher.headers));
    expect(res.status).toBe(200);
    expect(await anonymousSees(`/api/claims/${c.id}`)).toBe(404);
  });

  it("keeps a member's new public entity out of public view until approved, and publishes the operator's own at once", async () => {
    const res = await app.request("/api/entities", json("POST", { type: "person", label: "Fictional Pending Person", visibility: "public", isFictional: true }, researcher.headers));
    const e = (await res.json()) as { id: string; review: string };
    expect(e.review).toBe("pending");
    expect(await anonymousSees(`/api/entities/${e.id}`)).toBe(404);
    expect((await app.request(`/api/review/entity/${e.id}`, json("POST", { decision: "approve" }, editor.headers))).status).toBe(200);
    expect(await anonymousSees(`/api/entities/${e.id}`)).toBe(200);

    const operators = await buildEntity(t.db, { label: "Fictional Operator Person" });
    expect(operators.review).toBe("approved");
    expect(await anonymousSees(`/api/entities/${operators.id}`)).toBe(200);
  });

  it("refuses to approve a record that changed after the reviewer looked", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional racing note");
    await app.request(`/api/claims/${c.id}`, json("PATCH", { version: 1, confidence: "high" }, researcher.headers));
    const res = await app.request(`/api/review/claim/${c.id}`, json("POST", { decision: "approve", version: 1 }, reviewer.headers));
    expect(res.status).toBe(409);
    expect(await anonymousSees(`/api/claims/${c.id}`)).toBe(404);
  });

  it("approves an operator's CLI change to a waiting claim by that act", async () => {
    const person = await buildEntity(t.db);
    const c = await proposeClaim(person.id, "Fictional note the operator confirms");
    await t.db.transaction().execute((trx) => editClaim(trx, testActor, c.id, { version: 1, confidence: "high" }));
    expect(await anonymousSees(`/api/claims/${c.id}`)).toBe(200);
    const approved = (await (await app.request("/api/review?state=approved", { headers: reviewer.headers })).json()) as { items: { objectId: string; decidedBy: { name: string } }[] };
    expect(approved.items.find((i) => i.objectId === c.id)?.decidedBy.name).toBe("operator (test)");
  });

  it("answers 404 for a record with nothing waiting, and never shows the queue to the public", async () => {
    const person = await buildEntity(t.db);
    expect((await app.request(`/api/review/entity/${person.id}`, json("POST", { decision: "approve" }, reviewer.headers))).status).toBe(404);
    expect((await app.request(`/api/review/constructor/${person.id}`, json("POST", { decision: "approve" }, reviewer.headers))).status).toBe(400);
    expect((await app.request("/api/review")).status).not.toBe(200);
  });

  it("keeps every public person and value of a member's import waiting until the list's import is approved as a whole", async () => {
    const member = { kind: "user", userId: researcher.userId, name: "Test researcher", role: "researcher" } as const;
    const csv = "record_id,full_name@public,notes@team\nm1,Fictional Importedperson Azar,team note\nm2,Fictional Importedperson Bahman,\n";
    const report = await runPersonImport(t.db, member, csv, { listName: "Fictional member list", isFictional: true });
    expect(report.errors).toEqual([]);
    const search = async () => (await (await app.request("/api/search?q=Importedperson")).json()) as { items: unknown[] };
    expect((await search()).items).toHaveLength(0);
    const queue = (await (await app.request("/api/review", { headers: reviewer.headers })).json()) as { items: { entityId: string; kind: string; proposal: { op: string } | null }[] };
    const request = queue.items.find((i) => i.proposal?.op === "import");
    expect(request?.kind).toBe("entity");
    const own = await app.request(`/api/review/entity/${request!.entityId}`, json("POST", { decision: "approve" }, researcher.headers));
    expect(own.status).toBe(403);
    expect((await app.request(`/api/review/entity/${request!.entityId}`, json("POST", { decision: "approve" }, reviewer.headers))).status).toBe(200);
    expect((await search()).items.length).toBeGreaterThanOrEqual(2);
    expect(await anonymousSees(`/api/entities/${request!.entityId}`)).toBe(200);
  });
});
