/**
 * The review queue in the workspace (four eyes): a researcher's public value waits; a reviewer
 * sees it with its author and sources, rejects without a reason only with a message beside the
 * field, approves, and the public page shows it; an editor cannot decide their own work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { buildEntity, buildSource } from "../../test/factories.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";

let t: TestDatabase;
let app: App;
let personId = "";
let personSlug = "";
let sourceId = "";

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const person = await buildEntity(t.db, { label: "Fictional Reviewed Person" });
  personId = person.id;
  personSlug = person.slug;
  sourceId = (await buildSource(t.db, { visibility: "public", label: "Fictional Public Report" })).id;
});
afterAll(() => t.close());

async function signedIn(role: "researcher" | "reviewer" | "editor", lang: "en" | "fa" = "en") {
  const m = await buildMember(t.db, role);
  const b = new TestBrowser(app);
  await b.signIn(m.email, m.password, lang);
  return b;
}

async function propose(b: TestBrowser, text: string): Promise<string> {
  await b.get(`/team/en/entities/${personId}/claims/new`);
  const r = await b.post(`/team/en/entities/${personId}/claims`, {
    property: "note", valueType: "text", value: text, sourceId, loc_page: "4", confidence: "medium", visibility: "public",
  });
  expect(r.status).toBe(303);
  return /#claim-(.+)$/.exec(r.location ?? "")![1]!;
}

// Public pages are cached for a few seconds by path: each check reads a language not read before
// in that test, so a cached page cannot hide (or fake) the change.
const publicPage = async (lang: "en" | "fa" = "en") => (await app.request(`/${lang}/people/${personSlug}`)).text();

describe("the review queue", () => {
  it("keeps a researcher's public value off the public page until a reviewer approves it in the queue", async () => {
    const researcher = await signedIn("researcher");
    const claimId = await propose(researcher, "Fictional note awaiting a second pair of eyes");
    expect((await researcher.get(`/team/en/entities/${personId}`)).text).toContain("waiting for review");
    expect(await publicPage("fa")).not.toContain("Fictional note awaiting");

    const reviewer = await signedIn("reviewer");
    const queue = await reviewer.get("/team/en/review");
    expect(queue.status).toBe(200);
    expect(queue.text).toContain("Fictional note awaiting a second pair of eyes");
    expect(queue.text).toContain("Fictional researcher");
    expect(queue.text).toContain("Fictional Public Report");

    const ok = await reviewer.post(`/team/en/review/claim/${claimId}`, { decision: "approve", version: "1" });
    expect(ok.status).toBe(303);
    expect(await publicPage()).toContain("Fictional note awaiting a second pair of eyes");
  });

  it("asks for a reason beside the field before rejecting, in Persian too, and a rejected value never goes public", async () => {
    const researcher = await signedIn("researcher");
    const claimId = await propose(researcher, "Fictional note the reviewer refuses");
    const reviewer = await signedIn("reviewer", "fa");
    await reviewer.get("/team/fa/review");
    const bad = await reviewer.post(`/team/fa/review/claim/${claimId}`, { decision: "reject", reason: "  " });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/class="field-error">برای رد، دلیلی بنویسید/);
    expect(bad.text).toContain('aria-invalid="true"');
    const done = await reviewer.post(`/team/fa/review/claim/${claimId}`, { decision: "reject", reason: "constructor" });
    expect(done.status).toBe(303);
    const rejected = await researcher.get("/team/en/review?state=rejected");
    expect(rejected.text).toContain("Fictional note the reviewer refuses");
    expect(rejected.text).toContain("Reason: constructor");
    expect(await publicPage()).not.toContain("Fictional note the reviewer refuses");
  });

  it("refuses an editor's decision on their own work and says why", async () => {
    const editor = await signedIn("editor");
    const claimId = await propose(editor, "Fictional note the editor wrote");
    const queue = await editor.get("/team/en/review");
    expect(queue.text).toContain("Your own work: another member must review it.");
    const res = await editor.post(`/team/en/review/claim/${claimId}`, { decision: "approve" });
    expect(res.status).toBe(403);
    expect(res.text).toContain("Your own work");
    expect(await publicPage()).not.toContain("Fictional note the editor wrote");
  });

  it("answers an unknown kind or a record with nothing waiting with a page, not a stack trace", async () => {
    const reviewer = await signedIn("reviewer");
    await reviewer.get("/team/en/review");
    expect((await reviewer.post(`/team/en/review/__proto__/${personId}`, { decision: "approve" })).status).toBe(404);
    const none = await reviewer.post(`/team/en/review/entity/${personId}`, { decision: "approve" });
    expect(none.status).toBe(404);
    expect(none.text).toContain("not found");
  });
});
