/**
 * The workspace jobs page: members (not read-only viewers) see the newest jobs with their state,
 * a progress bar, attempts and the last error, and never a job's payload.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { defineJob, enqueueJob, getJob, startJobRunner, type JobRunner } from "../jobs/index.ts";
import { createApp, routeModules } from "../server/index.ts";

const SECRET_PAYLOAD = "CANARY-job-payload-5d2";
const Payload = z.object({ note: z.string() });
// A job that reports 3 of 10 and then fails for good, and one no runner here takes (stays queued).
const failing = defineJob({
  kind: "test.fails",
  payload: Payload,
  maxAttempts: 1,
  run: async (_p, ctx) => {
    await ctx.reportProgress(3, 10);
    throw new Error("Fictional failure while fetching");
  },
});
const waiting = defineJob({ kind: "test.waits", payload: Payload, run: async () => ({}) });

let t: TestDatabase;
let app: App;
let runner: JobRunner | undefined;
let failedId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  failedId = (await enqueueJob(t.db, failing, { note: SECRET_PAYLOAD })).id;
  await enqueueJob(t.db, waiting, { note: SECRET_PAYLOAD });
  runner = startJobRunner(t.db, { definitions: [failing], pollMs: 20 });
  const deadline = Date.now() + 60_000;
  while ((await getJob(t.db, failedId)).state !== "failed" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await runner.stop();
  runner = undefined;
}, 120_000);
afterAll(async () => {
  await runner?.stop();
  await t.close();
});

describe("the jobs page", () => {
  it("shows a reviewer each job's state, progress bar, attempts and last error, but not its payload", async () => {
    const m = await buildMember(t.db, "reviewer");
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    const r = await b.get("/team/en/jobs");
    expect(r.status).toBe(200);
    expect(r.text).toContain("test.fails");
    expect(r.text).toContain("test.waits");
    expect(r.text).toMatch(/<progress max="10" value="3"/);
    expect(r.text).toContain("Fictional failure while fetching");
    expect(r.text).toContain(">failed<");
    expect(r.text).toContain(">queued<");
    expect(r.text).not.toContain(SECRET_PAYLOAD);
    const fa = await b.get("/team/fa/jobs");
    expect(fa.status).toBe(200);
    expect(fa.text).toContain("ناموفق");
  });

  it("is refused to a read-only viewer and sends a visitor to sign in", async () => {
    const m = await buildMember(t.db, "viewer");
    const b = new TestBrowser(app);
    await b.signIn(m.email, m.password);
    expect((await b.get("/team/en/jobs")).status).toBe(403);
    const anon = await new TestBrowser(app).get("/team/en/jobs");
    expect(anon.status).toBe(302);
    expect(anon.location).toBe("/team/en/sign-in");
  });
});
