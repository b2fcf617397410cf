/**
 * The team's side of the public form: a submission sent without JavaScript shows in the queue
 * (linked from the review queue) with its text, files and unsealed contact details for roles that
 * may read confidential data, sealed for others; its state shows on the sender's receipt page; and
 * making it a source names the sender only when they agreed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { loadConfig } from "../config/index.ts";
import { getEntity } from "../entities/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";
import { systemViewer } from "../shared/viewer.ts";
import { openBlobStore } from "../archive/index.ts";
import { submit } from "../submissions/index.ts";

let t: TestDatabase;
let app: App;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
});
afterAll(() => t.close());

async function signedIn(role: "researcher" | "reviewer" | "editor", lang: "en" | "fa" = "en") {
  const m = await buildMember(t.db, role);
  const b = new TestBrowser(app);
  await b.signIn(m.email, m.password, lang);
  return b;
}

/** Sends the public form as a browser without JavaScript would; returns the receipt code. */
async function send(fields: Record<string, string>, file?: { name: string; text: string }): Promise<string> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (file) fd.append("files", new File([new TextEncoder().encode(file.text)], file.name, { type: "text/plain" }));
  const res = await app.request("http://localhost/en/submit", { method: "POST", body: fd, headers: { Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" } }, { incoming: { socket: { remoteAddress: "203.0.113.50" } } });
  expect(res.status).toBe(200);
  return /<output class="receipt"[^>]*>([0-9A-Z-]+)<\/output>/.exec(await res.text())![1]!;
}

const status = async (code: string) => (await app.request("http://localhost/en/submit/status", { method: "POST", body: new URLSearchParams({ code }), headers: { Origin: "http://localhost" } })).text();

describe("the submissions queue", () => {
  let code = "";
  let id = "";

  it("lists a submission from the public form, linked from the review queue", async () => {
    code = await send({ kind: "testimony", text: "Fictional testimony: my brother was moved in the summer", name: "Fictional Brother", contact: "fictional-signal-0000", consent: "named" }, { name: "fictional-letter.txt", text: "a fictional letter" });
    const b = await signedIn("researcher");
    expect((await b.get("/team/en/review")).text).toContain('href="/team/en/submissions"');
    const queue = await b.get("/team/en/submissions");
    expect(queue.status).toBe(200);
    expect(queue.text).toContain("Received (1)");
    id = /href="\/team\/en\/submissions\/([0-9a-f-]{36})"/.exec(queue.text)![1]!;
    // The queue itself carries no content.
    expect(queue.text).not.toContain("my brother");
    const fa = await b.get("/team/fa/submissions");
    expect(fa.text).toContain("دریافت‌شده");
  });

  it("shows the text, the files and the unsealed contact details to a role that may read confidential data", async () => {
    const b = await signedIn("researcher");
    const p = await b.get(`/team/en/submissions/${id}`);
    expect(p.status).toBe(200);
    expect(p.text).toContain("my brother was moved in the summer");
    expect(p.text).toContain("fictional-signal-0000");
    expect(p.text).toContain("Fictional Brother");
    expect(p.text).toMatch(/href="\/team\/en\/evidence\/[0-9a-f-]{36}">fictional-letter\.txt<\/a>/);
  });

  it("keeps the content sealed from a role that may not read confidential data, and refuses its actions", async () => {
    const b = await signedIn("reviewer");
    const p = await b.get(`/team/en/submissions/${id}`);
    expect(p.status).toBe(200);
    expect(p.text).not.toContain("my brother");
    expect(p.text).not.toContain("fictional-signal-0000");
    expect(p.text).toContain("your role may see that it exists and its state");
    const r = await b.post(`/team/en/submissions/${id}/state`, { state: "declined" });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(await status(code)).toContain("Received");
  });

  it("moves through its states, which the sender's receipt page shows", async () => {
    const b = await signedIn("editor");
    await b.get(`/team/en/submissions/${id}`);
    const r = await b.post(`/team/en/submissions/${id}/state`, { state: "in_review" });
    expect(r.status).toBe(303);
    expect(await status(code)).toContain("In review");
    await b.get(`/team/en/submissions/${id}`);
    expect((await b.post(`/team/en/submissions/${id}/state`, { state: "nonsense" })).status).toBe(400);
  });

  it("becomes a confidential source, named as the sender agreed, and is then 'used'", async () => {
    const b = await signedIn("editor");
    await b.get(`/team/en/submissions/${id}`);
    const r = await b.post(`/team/en/submissions/${id}/source`, {});
    expect(r.status).toBe(303);
    const row = await t.db.selectFrom("submission").select(["source_id", "state"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row.state).toBe("used");
    const source = await getEntity(t.db, systemViewer("test"), row.source_id!);
    expect(source).toMatchObject({ type: "source", visibility: "confidential" });
    expect(source.label).toContain("Fictional Brother");
    expect(await status(code)).toContain("Used");

    const anonymous = await send({ kind: "missing", text: "Fictional: my uncle is on no list", name: "Fictional Uncle's Niece", consent: "anonymous" });
    expect(anonymous).toBeDefined();
    const other = (await t.db.selectFrom("submission").select("id").where("kind", "=", "missing").executeTakeFirstOrThrow()).id;
    await b.get(`/team/en/submissions/${other}`);
    await b.post(`/team/en/submissions/${other}/source`, {});
    const sid = (await t.db.selectFrom("submission").select("source_id").where("id", "=", other).executeTakeFirstOrThrow()).source_id!;
    const label = (await getEntity(t.db, systemViewer("test"), sid)).label;
    expect(label).toContain("anonymous sender");
    expect(label).not.toContain("Niece");
    // Every step is in the audit log, by id.
    const audit = await t.db.selectFrom("audit_log").select(["action", "actor"]).where("object_id", "=", id).orderBy("seq").execute();
    expect(audit.map((a) => a.action)).toEqual(["submission.receive", "submission.state", "submission.source"]);
    expect(audit[0]!.actor).toBe("system:public-form");
  });

  it("is behind sign-in", async () => {
    const res = await app.request("/team/en/submissions", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toContain("/sign-in");
  });
});

describe("a long submissions queue", () => {
  it("is paged, 50 a page, with links to the next and previous pages", async () => {
    const store = openBlobStore({ backend: "fs", dataDir: t.dataDir });
    const ids: string[] = [];
    for (let i = 0; i < 51; i++) ids.push((await submit(t.db, store, { lang: "en", fields: { kind: "testimony", text: `Fictional paged testimony ${i}` }, files: [] })).id);
    await t.db.updateTable("submission").set({ state: "declined" }).where("id", "in", ids).execute();
    const b = await signedIn("researcher");
    const links = (html: string) => html.match(/href="\/team\/en\/submissions\/[0-9a-f-]{36}"/g) ?? [];
    const first = await b.get("/team/en/submissions?state=declined");
    expect(first.text).toContain("Declined (51)");
    expect(links(first.text)).toHaveLength(50);
    expect(first.text).toContain('href="/team/en/submissions?state=declined&amp;page=2"');
    const second = await b.get("/team/en/submissions?state=declined&page=2");
    expect(links(second.text)).toHaveLength(1);
    expect(second.text).toContain('href="/team/en/submissions?state=declined&amp;page=1"');
    const seen = new Set([...links(first.text), ...links(second.text)].map((l) => l.slice(-37, -1)));
    expect(seen).toEqual(new Set(ids));
  });
});
