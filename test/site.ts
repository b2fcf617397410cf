/** Test support for the public site: a database with a small fictional demo collection and the app over it. */
import { ClaimCreateSchema, createClaims } from "../src/claims/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { createEntity } from "../src/entities/index.ts";
import { generateDemo } from "../src/demo/index.ts";
import { loadDemo } from "../src/demo-loader/index.ts";
import { type App } from "../src/http/index.ts";
import { createApp } from "../src/server/index.ts";
import { systemViewer } from "../src/shared/viewer.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { createSiteRoutes, type SiteOptions } from "../src/site/site.routes.ts";

/** The public base URL the test apps use. */
export const TEST_BASE = "https://sabt.example.org";

/** A test database with the demo loaded and an app mounting the site (uncached unless asked). */
export interface SiteFixture {
  t: TestDatabase;
  app: App;
  ids: ReadonlyMap<string, string>;
}

/** Creates the fixture; call once per test file in `beforeAll`. */
export async function createSiteFixture(opts: { victims?: number; demo?: boolean; site?: SiteOptions } = {}): Promise<SiteFixture> {
  const t = await createTestDatabase();
  const ids = opts.demo === false ? new Map<string, string>() : (await loadDemo(t.db, systemViewer("test-demo"), generateDemo({ victims: opts.victims ?? 200 }))).ids;
  const config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_PUBLIC_URL: TEST_BASE, SABT_LOG_LEVEL: "silent" });
  const app = createApp({ db: t.db, config }, [createSiteRoutes({ cacheTtlMs: 0, ...opts.site })]);
  return { t, app, ids };
}

/** Creates a fictional article with per-language title/summary/body, a `published` day and tags (ids). */
export async function buildArticle(
  db: TestDatabase["db"],
  over: { slug: string; published: string; visibility?: "public" | "team"; title?: string; titleFa?: string; body?: string; source: string; tags?: string[] },
): Promise<string> {
  const viewer = systemViewer("test-site");
  return db.transaction().execute(async (trx) => {
    const e = await createEntity(trx, viewer, { type: "article", label: over.title ?? over.slug, slug: over.slug, visibility: over.visibility ?? "public", isFictional: true });
    const cite = [{ sourceId: over.source, locator: { page: 1 } }];
    const text = (t: string, lang: string) => ({ type: "text" as const, text: t, lang });
    await createClaims(trx, viewer, [
      { entityId: e.id, property: "title", value: text(over.title ?? `Article ${over.slug}`, "en"), sources: [], editorial: true, visibility: "public" },
      { entityId: e.id, property: "title", value: text(over.titleFa ?? `نوشتهٔ ${over.slug}`, "fa"), sources: [], editorial: true, visibility: "public" },
      { entityId: e.id, property: "summary", value: text("A fictional summary.", "en"), sources: [], editorial: true, visibility: "public" },
      { entityId: e.id, property: "body", value: text(over.body ?? "A fictional body.[^1]", "en"), sources: [], editorial: true, visibility: "public" },
      { entityId: e.id, property: "body", value: text("متنی خیالی.[^1]", "fa"), sources: [], editorial: true, visibility: "public" },
      { entityId: e.id, property: "published", value: { type: "date", text: over.published, calendar: "gregorian" }, sources: [], editorial: true, visibility: "public" },
      { entityId: e.id, property: "cites", value: { type: "entity", id: over.source }, sources: cite, confidenceRule: "footnote-1", visibility: "public" },
      ...(over.tags ?? []).map((id) => ({ entityId: e.id, property: "tag", value: { type: "entity" as const, id }, sources: [], editorial: true, visibility: "public" as const })),
    ].map((c) => ClaimCreateSchema.parse(c)));
    return e.id;
  });
}

/** The text of the page at `url` once it contains `text`, or its last text after `withinMs`. */
export async function pageShowing(url: string, text: string, withinMs: number): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const body = await (await fetch(url)).text();
    if (body.includes(text) || Date.now() > deadline) return body;
    await new Promise((r) => setTimeout(r, 20));
  }
}
