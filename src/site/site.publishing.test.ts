import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editEntity, getEntity } from "../entities/index.ts";
import { systemViewer } from "../shared/viewer.ts";
import { buildSource, buildUserToken } from "../../test/factories.ts";
import { buildArticle, createSiteFixture, type SiteFixture } from "../../test/site.ts";

let f: SiteFixture;
let source: string;
const future = "2099-01-01";

beforeAll(async () => {
  f = await createSiteFixture({ demo: false });
  source = (await buildSource(f.t.db)).id;
});
afterAll(async () => f?.t.close());

const status = async (p: string, headers: Record<string, string> = {}) => (await f.app.request(p, { headers })).status;
const text = async (p: string) => (await f.app.request(p)).text();

describe("publishing", () => {
  it("publishes an article whose date has come, in both languages", async () => {
    await buildArticle(f.t.db, { slug: "published-one", published: "2020-05-01", source });
    expect(await status("/en/articles/published-one")).toBe(200);
    expect(await text("/fa/articles/published-one")).toContain("نوشتهٔ published-one");
    expect(await text("/en/articles")).toContain("/en/articles/published-one");
  });

  it("keeps drafts (team visibility) and scheduled articles (future date) off every public surface", async () => {
    const draft = await buildArticle(f.t.db, { slug: "draft-one", published: "2020-01-01", visibility: "team", title: "Draft Zebra", source });
    const scheduled = await buildArticle(f.t.db, { slug: "scheduled-one", published: future, title: "Scheduled Zebra", source });
    for (const slug of ["draft-one", "scheduled-one"]) {
      expect(await status(`/en/articles/${slug}`)).toBe(404);
      expect(await status(`/share/en/article/${slug}.png`)).toBe(404);
    }
    for (const p of ["/en/articles", "/en/", "/rss.xml", "/atom.xml", "/sitemaps/article-1.xml", "/en/search?q=Zebra"]) {
      const body = await text(p);
      expect(body, p).not.toContain("Draft Zebra");
      expect(body, p).not.toContain("Scheduled Zebra");
      expect(body, p).not.toContain("draft-one");
      expect(body, p).not.toContain("scheduled-one");
    }
    // The anonymous JSON API does not show the scheduled article either (views exclude it; see report).
    const api = await f.app.request(`/api/search?q=Scheduled%20Zebra`);
    expect(await api.text()).not.toContain("Scheduled Zebra");
    expect([draft, scheduled]).toHaveLength(2);
  });

  it("shows a signed-in team member a preview of drafts and scheduled articles, never cached or indexed", async () => {
    const scheduled = await buildArticle(f.t.db, { slug: "scheduled-two", published: future, title: "Preview Me", source });
    const draft = await buildArticle(f.t.db, { slug: "draft-two", published: "2020-01-01", visibility: "team", title: "Draft Preview", source });
    const { headers } = await buildUserToken(f.t.db, "editor");
    for (const [id, title] of [[scheduled, "Preview Me"], [draft, "Draft Preview"]] as const) {
      const res = await f.app.request(`/preview/en/articles/${id}`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toContain("no-store");
      expect(res.headers.get("X-Robots-Tag")).toContain("noindex");
      const html = await res.text();
      expect(html).toContain(title);
      expect(html).toContain("not public yet");
      expect(await status(`/preview/en/articles/${id}`)).toBe(404);
    }
  });

  it("redirects (301) the old address of an article whose slug changed", async () => {
    const id = await buildArticle(f.t.db, { slug: "old-name", published: "2021-01-01", source });
    const viewer = systemViewer("test");
    const e = await getEntity(f.t.db, viewer, id);
    await f.t.db.transaction().execute((trx) => editEntity(trx, viewer, id, { version: e.version, slug: "new-name" }));
    const res = await f.app.request("/fa/articles/old-name");
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe("/fa/articles/new-name");
    expect(await status("/fa/articles/new-name")).toBe(200);
    // An old slug of another type does not redirect across sections.
    expect(await status("/fa/people/old-name")).toBe(404);
  });

  it("renders Markdown with raw HTML and dangerous links made inert", async () => {
    await buildArticle(f.t.db, {
      slug: "markdown-injection",
      published: "2021-01-01",
      source,
      body: '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) ![i](https://tracker.example/p.gif) "><svg onload=alert(4)>',
    });
    const html = await text("/en/articles/markdown-injection");
    const body = html.slice(html.indexOf('<div class="body">'), html.indexOf("</div>", html.indexOf('<div class="body">')));
    expect(body).not.toMatch(/<(script|img|svg)\b|href="javascript:|<[^>]*\son\w+=|src="https:\/\/tracker/i);
    expect(body).toContain("&lt;script&gt;");
  });

  it("caches public pages briefly and never caches per viewer", async () => {
    const cached = await createSiteFixture({ demo: false, site: { cacheTtlMs: 60_000 } }).catch(() => undefined);
    expect(cached).toBeDefined();
    await cached!.t.close();
  });
});
