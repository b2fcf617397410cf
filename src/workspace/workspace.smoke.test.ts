import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { loadConfig } from "../config/index.ts";
import { createApp } from "../server/index.ts";
import { routeModules } from "../server/index.ts";
import { buildMember, TestBrowser } from "../../test/workspace.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe("workspace smoke", () => {
  it("signs in and shows the entity list", async () => {
    const app = createApp({ db: t.db, config: loadConfig({ SABT_DATA_DIR: t.dataDir }) }, routeModules());
    const m = await buildMember(t.db, "editor");
    const b = new TestBrowser(app);
    const first = await b.get("/team/en/");
    expect(first.status).toBe(302);
    const r = await b.signIn(m.email, m.password);
    expect(r.location).toBe("/team/en/");
    const home = await b.get("/team/en/");
    expect(home.status, home.text.slice(0, 500)).toBe(200);
    expect(home.text).toContain("Entities");
  });
});
