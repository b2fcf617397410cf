/**
 * The workspace side of messy lists (issue 12): an editor uploads a list whose cells Sabt cannot
 * read, keeps them, finds them in the queue (list, row, column, raw text, reason), adds the value
 * of one (a member's public value waits for review) and dismisses the other; both leave the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { uniq } from "../../test/factories.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";
import { loadConfig } from "../config/index.ts";
import type { App } from "../http/index.ts";
import { createApp, routeModules } from "../server/index.ts";

let t: TestDatabase;
let app: App;
let editor: TestBrowser;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" }) }, routeModules());
  const e = await buildMember(t.db, "editor");
  editor = new TestBrowser(app);
  await editor.signIn(e.email, e.password);
}, 120_000);
afterAll(() => t.close());

const CSV = [
  "record_id,full_name@public,age@public,birth@public,prison",
  "q1,Fictional Queue One,27,1340,Evin",
  "q2,Fictional Queue Two,-5,1250,constructor",
].join("\n");

/** Posts the import form as the browser would (multipart), with the last page's anti-CSRF token. */
async function upload(b: TestBrowser, listName: string, fields: Record<string, string>) {
  await b.get("/team/en/import");
  const form = new FormData();
  form.set("_csrf", b.lastCsrf);
  form.set("listName", listName);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("file", new File([CSV], "messy.csv", { type: "text/csv" }));
  return b.request("/team/en/import", { method: "POST", body: form, headers: { Origin: b.origin, "Sec-Fetch-Site": "same-origin" } });
}

const unreadClaims = () =>
  t.db.selectFrom("claim").select(["id", "status", "value_text"]).where("unparsed", "is not", null).orderBy("value_text").execute();

describe("the queue of unread list cells", () => {
  it("refuses the file without the choice, keeps the cells with it, and lets an editor resolve or dismiss each", async () => {
    const list = uniq("Fictional messy workspace list");
    const refused = await upload(editor, list, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("is not an age in years");
    expect(refused.text).toContain("to import the rest and resolve those later");
    expect(await unreadClaims()).toEqual([]);

    const kept = await upload(editor, list, { keepUnparsed: "on" });
    expect(kept.status).toBe(200);
    expect(kept.text).toContain("Cells kept as text");
    const queueLink = /href="(\/team\/en\/unparsed\?list=[0-9a-f-]{36})"/.exec(kept.text)?.[1];
    expect(queueLink).toBeDefined();
    expect((await unreadClaims()).map((c) => c.value_text)).toEqual(["-5", "1250"]);

    const queue = await editor.get(queueLink!);
    expect(queue.status).toBe(200);
    for (const text of [list, "Fictional Queue Two", "q2", "age", "birth", "-5", "1250", "is not an age in years", "cannot tell the calendar"]) {
      expect(queue.text).toContain(text);
    }
    const fa = await editor.get("/team/fa/unparsed");
    expect(fa.text).toContain('dir="rtl"');
    expect(fa.text).toContain("خانه‌های خوانده‌نشده");
    // The list's record page and the review queue link to it.
    const listId = /list=([0-9a-f-]{36})/.exec(queueLink!)![1]!;
    expect((await editor.get(`/team/en/entities/${listId}`)).text).toContain(`href="/team/en/unparsed?list=${listId}"`);
    expect((await editor.get("/team/en/review")).text).toContain('href="/team/en/unparsed"');

    const [age, birth] = await unreadClaims();
    const ageForm = new RegExp(`action="(/team/en/unparsed/${age!.id}/resolve[^"]*)"`).exec(queue.text)![1]!.replace(/&amp;/g, "&");
    const bad = await editor.post(ageForm, { version: "1", value: "-6", visibility: "public" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("is not an age in years");

    await editor.get(queueLink!);
    const resolved = await editor.post(ageForm, { version: "1", value: "56", visibility: "public" });
    expect(resolved.status).toBe(303);
    // An editor's public value waits for a second member.
    expect(resolved.location).toMatch(/done=pending/);
    const value = await t.db.selectFrom("claim").select(["value_text", "review", "unparsed"]).where("value_text", "=", "56 years").executeTakeFirstOrThrow();
    expect(value).toEqual({ value_text: "56 years", review: "pending", unparsed: null });

    await editor.get(queueLink!);
    const dismissed = await editor.post(`/team/en/unparsed/${birth!.id}/dismiss`, { version: "1", reason: "illegible in the scan" });
    expect(dismissed.status).toBe(303);
    // The resolved cell is read (its mark cleared), the dismissed one retracted.
    expect((await unreadClaims()).map((c) => [c.id, c.status])).toEqual([[birth!.id, "retracted"]]);
    expect(value).toEqual(expect.objectContaining({ value_text: "56 years" }));
    expect((await t.db.selectFrom("claim").select("id").where("value_text", "=", "56 years").executeTakeFirstOrThrow()).id).toBe(age!.id);
    const after = await editor.get(dismissed.location!);
    expect(after.text).toContain("No cell is waiting.");
    expect(after.text).not.toContain("1250");
  });

  it("is for signed-in members only", async () => {
    const anonymous = new TestBrowser(app);
    const r = await anonymous.get("/team/en/unparsed");
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/sign-in/);
  });
});
