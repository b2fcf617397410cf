/**
 * The linkage and estimation pages in-process (the app of `sabt serve`): sign-in, both languages,
 * forms with anti-CSRF tokens, roles checked on the server, and the public statistics page
 * showing published estimates only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { loadConfig } from "../config/index.ts";
import { type App } from "../http/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { ESTIMATE_RUN, estimateRunJob, keyString, LINK_RUN, linkRunJob } from "../lists/index.ts";
import { defineJob, listJobs, startJobRunner } from "../jobs/index.ts";
import { importDemoLists, membership, type ImportedDemoLists } from "../../test/lists.ts";

let t: TestDatabase;
let app: App;
let demo: ImportedDemoLists;
let editor: TestBrowser;
let admin: TestBrowser;
let viewer: TestBrowser;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await importDemoLists(t.db, { seed: 9, victims: 120 });
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const e = await buildMember(t.db, "editor");
  const v = await buildMember(t.db, "viewer");
  const a = await buildMember(t.db, "admin");
  admin = new TestBrowser(app);
  await admin.signIn(a.email, a.password);
  editor = new TestBrowser(app);
  await editor.signIn(e.email, e.password);
  viewer = new TestBrowser(app);
  await viewer.signIn(v.email, v.password, "fa");
}, 120_000);
afterAll(async () => {
  await t.close();
});

const count = async (table: "link_run" | "link_decision" | "estimate_run" | "job") =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

/** Runs every queued linkage and estimation job, as a server or `sabt worker` would, until none is left. */
async function runQueuedJobs(): Promise<void> {
  const definitions = [
    defineJob({ ...LINK_RUN, run: (p, ctx) => linkRunJob(t.db, p, ctx) }),
    defineJob({ ...ESTIMATE_RUN, run: (p, ctx) => estimateRunJob(t.db, p, ctx) }),
  ];
  const runner = startJobRunner(t.db, { definitions, pollMs: 20 });
  try {
    const deadline = Date.now() + 120_000;
    while ((await listJobs(t.db, { states: ["queued", "running"] })).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  } finally {
    await runner.stop();
  }
  expect(await listJobs(t.db, { states: ["failed"] })).toEqual([]);
}

describe("the linkage page", () => {
  it("sends signed-out visitors to sign in and shows both languages to members", async () => {
    const anon = new TestBrowser(app);
    const r = await anon.get("/team/en/linkage");
    expect(r.status).toBe(302);
    expect(r.location).toBe("/team/en/sign-in");
    const fa = await editor.get("/team/fa/linkage");
    expect(fa.status).toBe(200);
    expect(fa.text).toContain('<html lang="fa" dir="rtl">');
    expect(fa.text).toContain("فهرست‌ها هنوز پیوند داده نشده‌اند.");
    const en = await editor.get("/team/en/linkage");
    expect(en.text).toContain("The lists have not been linked yet.");
    expect(en.text).toMatch(/<form method="post" action="\/team\/en\/linkage\/run"><input type="hidden" name="_csrf" value="[^"]+"/);
  });

  it("refuses a form without a valid anti-CSRF token and changes nothing", async () => {
    await editor.get("/team/en/linkage");
    const before = await count("job");
    const bad = await editor.post("/team/en/linkage/run", { bandLow: "0.2", bandHigh: "0.9" }, { csrf: "forged" });
    expect(bad.status).toBe(403);
    const none = await editor.post("/team/en/linkage/run", {}, { csrf: false });
    expect(none.status).toBe(403);
    const cross = await editor.post("/team/en/linkage/run", {}, { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } });
    expect(cross.status).toBe(403);
    expect(await count("job")).toBe(before);
  });

  it("queues linkage from the page as a job, shows it waiting, and once a runner ran it shows the queue with each field's weight", async () => {
    await editor.get("/team/en/linkage");
    const bad = await editor.post("/team/en/linkage/run", { bandLow: "0.95", bandHigh: "0.9" });
    expect(bad.status).toBe(400);
    expect(await count("job")).toBe(0);
    const body = new URLSearchParams([...[...demo.listIds.values()].map((id) => ["list", id]), ["bandLow", "0.2"], ["bandHigh", "0.9"], ["_csrf", editor.lastCsrf]]);
    const all = await editor.request("/team/en/linkage/run", {
      method: "POST",
      body: body.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: editor.origin, "Sec-Fetch-Site": "same-origin" },
    });
    expect(all.status).toBe(303);
    expect(await count("link_run")).toBe(0);
    const waiting = await editor.get("/team/en/linkage");
    expect(waiting.text).toContain("A linkage run is queued");
    expect(waiting.text).toContain('href="/team/en/jobs"');

    await runQueuedJobs();
    const run = await t.db.selectFrom("link_run").selectAll().orderBy("finished_at", "desc").executeTakeFirstOrThrow();
    expect(run.list_ids.length).toBe(4);
    expect(run.band_low).toBe(0.2);
    const page = await editor.get("/team/en/linkage");
    expect(page.text).not.toContain("A linkage run is queued");
    expect(page.text).toContain("Review queue");
    expect(page.text).toContain("Match probability");
    expect(page.text).toContain("name.surname");
    expect(page.text).toContain('name="decision" value="match"');
  });

  it("records a reviewer's decision from the queue form", async () => {
    const page = await editor.get("/team/en/linkage");
    const left = /name="left" value="([^"]+)"/.exec(page.text)?.[1];
    const right = /name="right" value="([^"]+)"/.exec(page.text)?.[1];
    expect(left && right).toBeTruthy();
    const r = await editor.post("/team/en/linkage/decide", { left: left!, right: right!, decision: "non-match", note: "fictional: different fathers" });
    expect(r.status).toBe(303);
    const d = await t.db.selectFrom("link_decision").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(d.decision).toBe("non-match");
    expect(d.note).toBe("fictional: different fathers");
    expect(d.actor).toMatch(/^user:/);
    const history = (await editor.get("/team/en/linkage/history")).text;
    // Members by name, never their ids (issue 11).
    expect(history).toMatch(/Fictional editor \d+ rejected a pair/);
    expect(history).not.toMatch(/user:[0-9a-f-]{36}/);
  });

  it("merges, unmerges and reverts from the cluster page", async () => {
    const m = await membership(t.db);
    const [a, b] = [...new Set(m.values())].sort();
    const page = await editor.get(`/team/en/linkage/cluster?id=${encodeURIComponent(a!)}`);
    expect(page.status).toBe(200);
    const merged = await editor.post("/team/en/linkage/merge", { a: a!, b: b!, note: "fictional merge" });
    expect(merged.status).toBe(303);
    const now = await membership(t.db);
    const members = [...now].filter(([, c]) => c === now.get(a!)).map(([k]) => k);
    expect(members.length).toBeGreaterThanOrEqual(2);
    const view = await editor.get(merged.location!);
    expect(view.text).toContain("merged clusters");
    const out = await editor.post("/team/en/linkage/unmerge", { record: members[members.length - 1]!, note: "" });
    expect(out.status).toBe(303);
    expect((await membership(t.db)).get(members[members.length - 1]!)).toBe(members[members.length - 1]);
    const hist = await editor.get("/team/en/linkage/history");
    const id = /name="eventId" value="(\d+)"/.exec(hist.text)![1]!;
    const reverted = await editor.post("/team/en/linkage/revert", { eventId: id, back: "/team/en/linkage/history" });
    expect(reverted.status).toBe(303);
    expect(reverted.location).toBe("/team/en/linkage/history");
    expect((await editor.get("/team/en/linkage/history")).text).toContain("reverted a change");
  });

  it("lets a viewer read the queue but refuses their forms on the server", async () => {
    const page = await viewer.get("/team/fa/linkage");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('action="/team/fa/linkage/run"');
    expect(page.text).not.toContain('name="decision"');
    const before = await count("job");
    const r = await viewer.post("/team/fa/linkage/run", {});
    expect(r.status).toBe(403);
    const k = [...(await membership(t.db)).keys()];
    const d = await viewer.post("/team/fa/linkage/decide", { left: k[0]!, right: k[1]!, decision: "match" });
    expect(d.status).toBe(403);
    expect(await count("job")).toBe(before);
    expect(keyString({ list: "x", record: "y" })).toBe("x:y");
  });
});

describe("the estimation page and the public statistics", () => {
  it("runs estimates, shows the plot, publishes one, and the public page shows only that one", async () => {
    await editor.get("/team/en/estimation");
    const bad = await editor.post("/team/en/estimation/run", { method: "guesswork" });
    expect(bad.status).toBe(400);
    const r = await editor.post("/team/en/estimation/run", { method: "loglinear", model: "indep" });
    expect(r.status).toBe(303);
    expect(r.location).toBe("/team/en/estimation");
    expect((await editor.get("/team/en/estimation")).text).toContain("An estimate is queued");
    await runQueuedJobs();
    const first = `/team/en/estimation/${(await listJobs(t.db, { kinds: [ESTIMATE_RUN.kind] }))[0]!.id}`;
    const detail = await editor.get(first);
    expect(detail.status).toBe(200);
    expect(detail.text).toMatch(/<img src="\/team\/en\/estimation\/[0-9a-f-]{36}\/plot\.svg"/);
    const plot = await editor.get(`${first}/plot.svg`);
    expect(plot.headers.get("Content-Type")).toContain("image/svg+xml");
    expect(plot.text).toContain("<svg");
    expect(plot.text).not.toContain("<script");

    // A second, unpublished estimate with its own (never public) label.
    const lc = await editor.post("/team/en/estimation/run", { method: "lcmcr", seed: "3", iterations: "50", burnin: "50", thinning: "1", chains: "1", strata: "" });
    expect(lc.status).toBe(303);
    await runQueuedJobs();
    expect(await count("estimate_run")).toBe(2);
    const second = `/team/en/estimation/${(await listJobs(t.db, { kinds: [ESTIMATE_RUN.kind] }))[0]!.id}`;

    // A viewer may not publish.
    await viewer.get(`/team/fa/estimation`);
    const id = first.split("/").pop()!;
    expect((await viewer.post(`/team/fa/estimation/${id}/publish`, { labelFa: "x", labelEn: "x" })).status).toBe(403);

    await editor.get(first);
    const labels = { labelFa: "برآورد خیالی آزمون", labelEn: "Fictional test estimate" };
    const pub = await editor.post(`/team/en/estimation/${id}/publish`, labels);
    expect(pub.status).toBe(303);
    // Four eyes: the editor's publication waits; the editor cannot approve it; a second member publishes it.
    expect((await editor.get(first)).text).toContain("Publication asked for, waiting for a second member");
    expect(await t.db.selectFrom("public_estimate" as never).selectAll().execute()).toEqual([]);
    const own = await editor.post(`/team/en/estimation/${id}/publish`, labels);
    expect(own.status).toBe(403);
    await admin.get(first);
    expect((await admin.post(`/team/en/estimation/${id}/publish`, labels)).status).toBe(303);

    // The second one is published, then withdrawn: its label must not reach the public side.
    const id2 = second.split("/").pop()!;
    await editor.get(second);
    expect((await editor.post(`/team/en/estimation/${id2}/publish`, { labelFa: "برآورد پس‌گرفته", labelEn: "Withdrawn estimate" })).status).toBe(303);
    await admin.get(second);
    expect((await admin.post(`/team/en/estimation/${id2}/publish`, { labelFa: "برآورد پس‌گرفته", labelEn: "Withdrawn estimate" })).status).toBe(303);
    await editor.get(second);
    expect((await editor.post(`/team/en/estimation/${id2}/unpublish`, {})).status).toBe(303);

    const anon = new TestBrowser(app);
    const en = await anon.get("/en/statistics");
    expect(en.text).not.toContain("Withdrawn estimate");
    expect(en.status).toBe(200);
    expect(en.text).toContain("Fictional test estimate");
    const row = await t.db.selectFrom("estimate_run").select(["median", "observed", "id"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(en.text).toContain(Math.round(row.median).toLocaleString("en-US"));
    expect(en.text).toContain(`${row.observed.toLocaleString("en-US")} distinct people`);
    expect(en.text.match(/<figure class="estimate">/g)?.length).toBe(1);
    const fa = await anon.get("/fa/statistics");
    expect(fa.text).toContain("برآورد خیالی آزمون");
    expect(fa.text).not.toContain("برآورد پس‌گرفته");
    const pv = await t.db.selectFrom("public_estimate" as never).selectAll().execute();
    expect(pv.length).toBe(1);
  });
});
