import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEntity, buildSource, testActor } from "../../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { getCustodyLog, ingestFile, openBlobStore, type ArchiveItem } from "../archive/index.ts";
import { createClaim, type Claim } from "../claims/index.ts";
import { loadConfig } from "../config/index.ts";
import { type App } from "../http/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import type { Entity } from "../entities/index.ts";
import type { Role } from "../shared/viewer.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";

let t: TestDatabase;
let app: App;
let testimony: ArchiveItem;
let hostile: ArchiveItem;
let clean: ArchiveItem;
let secret: ArchiveItem;
let person: Entity;
let teamClaim: Claim;
let confidentialClaim: Claim;

const TESTIMONY = "Fictional testimony: the witness saw the prison yard at dawn. <script>window.pwned=1</script>";
const CONFIDENTIAL_TEXT = "CANARY-evidence-confidential-7c1";

beforeAll(async () => {
  t = await createTestDatabase();
  const config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" });
  app = createApp({ db: t.db, config }, routeModules());
  const store = openBlobStore(config.blobStore);
  testimony = await ingestFile(t.db, store, { bytes: Buffer.from(TESTIMONY) }, { filename: "testimony.txt", title: "Fictional testimony 12", visibility: "team" }, "test");
  hostile = await ingestFile(t.db, store, { bytes: Buffer.from("<html><script>alert(1)</script></html>") }, { filename: "page.html", visibility: "team" }, "test");
  clean = await ingestFile(t.db, store, { bytes: Buffer.from("Fictional letter from the family, 1367.") }, { filename: "letter.txt", visibility: "team" }, "test");
  secret = await ingestFile(t.db, store, { bytes: Buffer.from(`${CONFIDENTIAL_TEXT} witness address`) }, { filename: "witness.txt", visibility: "confidential" }, "test");
  person = await buildEntity(t.db, { visibility: "team", label: "Fictional Person Evidence" });
  const source = await buildSource(t.db, { visibility: "team" });
  const claim = (visibility: "team" | "confidential", text: string) =>
    t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "note",
        value: { type: "text", text },
        sources: [{ sourceId: source.id, locator: { page: 2, archiveItemId: testimony.id } }],
        editorial: false,
        confidence: "medium",
        visibility,
        status: "asserted",
      }),
    );
  teamClaim = await claim("team", "Seen in the prison yard (fictional)");
  confidentialClaim = await claim("confidential", CONFIDENTIAL_TEXT);
});

afterAll(async () => {
  await t.close();
});

async function member(role: Role): Promise<TestBrowser> {
  const m = await buildMember(t.db, role);
  const b = new TestBrowser(app);
  await b.signIn(m.email, m.password);
  return b;
}

describe("the evidence viewer", () => {
  it("shows an item's text, facts and custody beside the claims that cite it, and logs the view", async () => {
    const editor = await member("editor");
    const before = (await getCustodyLog(t.db, testimony.id)).length;
    const r = await editor.get(`/team/en/evidence/${testimony.id}`);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.text).toContain("Fictional testimony 12");
    expect(r.text).toContain(testimony.sha256);
    expect(r.text).toContain("the witness saw the prison yard at dawn");
    // The testimony's markup is text on the page, never markup.
    expect(r.text).not.toContain("<script>window.pwned");
    expect(r.text).toContain("&lt;script&gt;window.pwned");
    expect(r.text).toContain("The chain of custody is intact.");
    expect(r.text).toContain(`claim-${teamClaim.id}`);
    expect(r.text).toContain(CONFIDENTIAL_TEXT);
    const after = await getCustodyLog(t.db, testimony.id);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ action: "viewed", details: { purpose: "page" } });
  });

  it("leaves out citing claims the member may not read, and hides confidential items from them", async () => {
    const viewer = await member("viewer");
    const r = await viewer.get(`/team/fa/evidence/${testimony.id}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain(`claim-${teamClaim.id}`);
    expect(r.text).not.toContain(`claim-${confidentialClaim.id}`);
    expect(r.text).not.toContain(CONFIDENTIAL_TEXT);
    expect((await viewer.get(`/team/en/evidence/${secret.id}`)).status).toBe(404);
    expect((await viewer.get(`/team/en/evidence/${secret.id}/file`)).status).toBe(404);
    const researcher = await member("researcher");
    expect((await researcher.get(`/team/en/evidence/${secret.id}`)).text).toContain(CONFIDENTIAL_TEXT);
  });

  it("serves plain text inline in a sandbox and active content only as an opaque download", async () => {
    const editor = await member("editor");
    const text = await editor.get(`/team/en/evidence/${clean.id}/file`);
    expect(text.status).toBe(200);
    expect(text.text).toBe("Fictional letter from the family, 1367.");
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(text.headers.get("content-security-policy")).toMatch(/^sandbox;/);
    expect(text.headers.get("content-disposition")).toMatch(/^inline/);
    for (const item of [hostile, testimony]) {
      const active = await editor.get(`/team/en/evidence/${item.id}/file`);
      expect(active.headers.get("content-type")).toBe("application/octet-stream");
      expect(active.headers.get("content-disposition")).toMatch(/^attachment/);
    }
    const page = await editor.get(`/team/en/evidence/${hostile.id}`);
    expect(page.text).not.toContain("<script>alert(1)");
    const download = await editor.get(`/team/en/evidence/${testimony.id}/file?download=1`);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment/);
    expect((await getCustodyLog(t.db, testimony.id)).at(-1)).toMatchObject({ action: "viewed", details: { purpose: "download" } });
  });

  it("sends people who are not signed in to sign in, for the page and the file", async () => {
    const anon = new TestBrowser(app);
    for (const path of [`/team/en/evidence/${testimony.id}`, `/team/en/evidence/${testimony.id}/file`]) {
      const r = await anon.get(path);
      expect(r.status).toBe(302);
      expect(r.location).toBe("/team/en/sign-in");
      expect(r.text).not.toContain("prison yard");
    }
  });

  it("links the evidence from the entity page and from each citing claim's source", async () => {
    const editor = await member("editor");
    const r = await editor.get(`/team/en/entities/${person.id}`);
    expect(r.status).toBe(200);
    const link = `/team/en/evidence/${testimony.id}`;
    expect(r.text.split(`href="${link}"`).length - 1).toBeGreaterThanOrEqual(3);
    expect(r.text).toContain("Fictional testimony 12");
  });
});
