/**
 * The evidence page's web capture: a member who may add evidence queues a capture job from a URL
 * field (never for the private network), a bad address is answered beside the field with nothing
 * queued, and a finished capture links to the item it stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { CAPTURE, CaptureJobPayload } from "../archive/index.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { defineJob, getJob, listJobs, startJobRunner } from "../jobs/index.ts";
import { createApp, routeModules } from "../server/index.ts";

let t: TestDatabase;
let app: App;
let researcher: TestBrowser;

const captureJobs = () => listJobs(t.db, { kinds: [CAPTURE.kind] });

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const m = await buildMember(t.db, "researcher");
  researcher = new TestBrowser(app);
  await researcher.signIn(m.email, m.password);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe("the evidence page's web capture", () => {
  it("answers a bad address beside the field in the page's language and queues nothing", async () => {
    await researcher.get("/team/en/evidence");
    for (const url of ["not a url", "javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", ""]) {
      const r = await researcher.post("/team/en/evidence/capture", { url });
      expect(r.status).toBe(400);
      expect(r.text).toContain('id="capture-url-error"');
      expect(r.text).toContain("Give a web address starting with http:// or https://.");
    }
    await researcher.get("/team/fa/evidence");
    const fa = await researcher.post("/team/fa/evidence/capture", { url: "constructor" });
    expect(fa.status).toBe(400);
    expect(fa.text).toContain("نشانی وبی بدهید");
    expect(await captureJobs()).toEqual([]);
  });

  it("refuses a form without the anti-CSRF token", async () => {
    const r = await researcher.post("/team/en/evidence/capture", { url: "https://example.org/" }, { csrf: false });
    expect(r.status).toBe(403);
    expect(await captureJobs()).toEqual([]);
  });

  it("queues a capture as the member, never for the private network, and lists it", async () => {
    await researcher.get("/team/en/evidence");
    const r = await researcher.post("/team/en/evidence/capture", { url: "  https://news.example.org/fictional-report  " });
    expect(r.status).toBe(303);
    expect(r.location).toBe("/team/en/evidence");
    const [job] = await captureJobs();
    const payload = CaptureJobPayload.parse(job!.payload);
    expect(payload.url).toBe("https://news.example.org/fictional-report");
    expect(payload.allowPrivateNetwork).toBe(false);
    expect(payload.actor).toMatch(/^user:/);
    const page = await researcher.get("/team/en/evidence");
    expect(page.text).toContain("https://news.example.org/fictional-report");
    expect(page.text).toContain(">queued<");
  });

  it("links a finished capture to the item it stored", async () => {
    const [job] = await captureJobs();
    // The browser's part is tested in archive/; here a stand-in handler stores nothing and names an item.
    const runner = startJobRunner(t.db, { definitions: [defineJob({ ...CAPTURE, run: async () => ({ itemId: "fictional-item-7", artifacts: [], resumed: false }) })], pollMs: 20 });
    try {
      const deadline = Date.now() + 60_000;
      while ((await getJob(t.db, job!.id)).state !== "succeeded" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await runner.stop();
    }
    const page = await researcher.get("/team/en/evidence");
    expect(page.text).toContain('href="/team/en/evidence/fictional-item-7"');
    expect(page.text).toContain(">succeeded<");
  });

  it("shows a read-only viewer no form and no captured addresses, and refuses their post", async () => {
    const m = await buildMember(t.db, "viewer");
    const viewer = new TestBrowser(app);
    await viewer.signIn(m.email, m.password);
    const page = await viewer.get("/team/en/evidence");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('action="/team/en/evidence/capture"');
    expect(page.text).not.toContain("news.example.org");
    const before = (await captureJobs()).length;
    const r = await viewer.post("/team/en/evidence/capture", { url: "https://example.org/" });
    expect(r.status).toBe(403);
    expect((await captureJobs()).length).toBe(before);
  });
});
