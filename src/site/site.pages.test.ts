import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicView } from "../db/index.ts";
import { CSS_PATH } from "./assets.ts";
import { externalRequests, headLinks, inlineCode, jsonLdBlocks, namedResources } from "../../test/html-checks.ts";
import { findPublicEntitiesOfType, findPublicEntityById } from "./public.repository.ts";
import { createSiteFixture, TEST_BASE, type SiteFixture } from "../../test/site.ts";

let f: SiteFixture;
const pages: Record<string, string> = {};

beforeAll(async () => {
  f = await createSiteFixture();
  const pdb = publicView(f.t.db);
  const firstOf = async (type: string) => (await findPublicEntitiesOfType(pdb, type, { limit: 1, offset: 0 }))[0]!.slug;
  const byKey = async (key: string) => (await findPublicEntityById(pdb, f.ids.get(key)!))!.slug;
  Object.assign(pages, {
    home: "/{l}/",
    articles: "/{l}/articles",
    article: `/{l}/articles/${await firstOf("article")}`,
    tags: "/{l}/tags",
    tag: `/{l}/tags/${await firstOf("tag")}`,
    people: "/{l}/people",
    peoplePage2: "/{l}/people/page/2",
    victim: `/{l}/people/${await byKey("person:v00001").catch(() => firstOf("person"))}`,
    official: `/{l}/people/${await byKey("person:o01")}`,
    place: `/{l}/places/${await byKey("place:evin")}`,
    event: `/{l}/events/${await firstOf("event")}`,
    organization: `/{l}/organizations/${await firstOf("organization")}`,
    source: `/{l}/sources/${await firstOf("source")}`,
    list: `/{l}/lists/${await firstOf("list")}`,
    position: `/{l}/positions/${await firstOf("position")}`,
    case: `/{l}/cases/${await firstOf("legal_case")}`,
    statistics: "/{l}/statistics",
    search: "/{l}/search?q=evin",
    corrections: "/{l}/corrections",
  });
});
afterAll(async () => f?.t.close());

async function get(p: string, headers: Record<string, string> = {}) {
  const res = await f.app.request(p, { headers });
  return { res, text: await res.text() };
}

describe("every page type in both languages", () => {
  for (const lang of ["fa", "en"] as const) {
    it(`renders each page type in ${lang} with lang/dir, hreflang, canonical, JSON-LD and no third-party request`, async () => {
      for (const [name, tpl] of Object.entries(pages)) {
        const p = tpl.replace("{l}", lang);
        const { res, text } = await get(p);
        expect(res.status, `${name} ${p}`).toBe(200);
        expect(res.headers.get("Content-Type")).toContain("text/html");
        expect(text, name).toContain(`<html lang="${lang}" dir="${lang === "fa" ? "rtl" : "ltr"}">`);
        const { canonical, hreflang } = headLinks(text);
        expect(canonical, name).toBe(TEST_BASE + p.split("?")[0]);
        expect(Object.keys(hreflang).sort(), name).toEqual(["en", "fa", "x-default"]);
        expect(externalRequests(text, TEST_BASE), name).toEqual([]);
        expect(inlineCode(text), name).toEqual([]);
        expect(() => jsonLdBlocks(text), name).not.toThrow();
        expect(text, name).toContain(`href="${CSS_PATH}"`);
        expect(text).toMatch(/<meta property="og:image" content="https:\/\/sabt\.example\.org\/share\/(fa|en)\/[^"]+\.png"/);
        expect(text).toContain('<meta name="twitter:card" content="summary_large_image"/>');
      }
    });
  }

  it("shows Jalali dates first with Persian digits in Persian, Gregorian first in English", async () => {
    const fa = (await get(pages.article!.replace("{l}", "fa"))).text;
    const en = (await get(pages.article!.replace("{l}", "en"))).text;
    const faDate = /<time datetime="[^"]+">([^<]+)<\/time>/.exec(fa)![1]!;
    const enDate = /<time datetime="[^"]+">([^<]+)<\/time>/.exec(en)![1]!;
    expect(faDate).toMatch(/^[۰-۹]+ \S+ [۰-۹]{4} \([۰-۹]+ \S+ [۰-۹]{4}\)$/);
    expect(faDate).not.toMatch(/[0-9]/);
    expect(enDate).toMatch(/^\d+ [A-Z][a-z]+ \d{4} \(\d+ [A-Z][a-z]+ 1[34]\d\d\)$/);
    // Real per-language content: the Persian page has the Persian title.
    expect(fa).toMatch(/<h1>[^<]*[\u0600-\u06FF][^<]*<\/h1>/);
    expect(en).toMatch(/<h1>[A-Za-z][^<]*<\/h1>/);
  });

  it("renders article footnotes that link to public sources, and the fictionality notice", async () => {
    const { text } = await get(pages.article!.replace("{l}", "en"));
    expect(text).toContain('<sup class="fn"><a href="#fn-1" id="fnref-1">1</a></sup>');
    expect(text).toMatch(/<li id="fn-1" value="1"><a href="\/en\/sources\//);
    expect(text).toContain("This collection is fictional");
  });

  it("derives an official's career and 'last seen as' from occupancies", async () => {
    const { text } = await get(pages.official!.replace("{l}", "en"));
    expect(text).toContain("Last seen as");
    expect(text).toContain('<ol class="timeline">');
    expect(text).toMatch(/<a href="\/en\/positions\/[^"]+">/);
  });

  it("emits schema.org Article, Person, Place, Event and BreadcrumbList", async () => {
    const types = async (key: string) => jsonLdBlocks((await get(pages[key]!.replace("{l}", "en"))).text).map((b) => b["@type"]);
    expect(await types("article")).toEqual(["Article", "BreadcrumbList"]);
    expect(await types("victim")).toEqual(["Person", "BreadcrumbList"]);
    expect(await types("place")).toEqual(["Place", "BreadcrumbList"]);
    expect(await types("event")).toEqual(["Event", "BreadcrumbList"]);
  });

  it("draws statistics as SVG charts with a slot for estimates", async () => {
    const { text } = await get("/en/statistics");
    expect(text).toContain('<svg class="chart"');
    expect(text).toContain('id="estimates"');
  });

  it("answers unknown pages with an HTML 404 in the page's language", async () => {
    const { res, text } = await get("/fa/people/no-such-person");
    expect(res.status).toBe(404);
    expect(text).toContain('<html lang="fa" dir="rtl">');
    expect((await get("/en/nothing-here")).res.status).toBe(404);
  });
});

describe("machine-readable files", () => {
  const xmllint = (xsd: string, xml: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-sitemap-"));
    const file = path.join(dir, "s.xml");
    fs.writeFileSync(file, xml);
    return execFileSync("xmllint", ["--noout", "--schema", new URL(`./fixtures/${xsd}`, import.meta.url).pathname, file], { encoding: "utf8", stdio: "pipe" });
  };

  it("serves a sitemap index of per-type sitemaps that validate against the sitemap 0.9 schema", async () => {
    const index = (await get("/sitemap.xml")).text;
    xmllint("siteindex.xsd", index);
    const locs = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(locs.length).toBeGreaterThan(5);
    let urls = 0;
    for (const loc of locs) {
      const { res, text } = await get(loc.slice(TEST_BASE.length));
      expect(res.status, loc).toBe(200);
      xmllint("sitemap.xsd", text);
      const n = (text.match(/<url>/g) ?? []).length;
      expect(n).toBeLessThanOrEqual(50_000);
      urls += n;
      if (!loc.includes("pages-")) expect(text).toContain("<lastmod>");
    }
    expect(urls).toBeGreaterThan(200);
  });

  it("serves RSS and Atom feeds for the site and per tag that parse as XML", async () => {
    const tagSlug = pages.tag!.split("/").pop()!;
    for (const p of ["/rss.xml", "/atom.xml", "/fa/rss.xml", "/en/atom.xml", `/tag/${tagSlug}/rss.xml`, `/fa/tags/${tagSlug}/rss.xml`]) {
      const { res, text } = await get(p);
      expect(res.status, p).toBe(200);
      expect(XMLValidator.validate(text), p).toBe(true);
      expect(text, p).toMatch(/<item>|<entry>/);
    }
    expect((await get("/tag/no-such-tag/rss.xml")).res.status).toBe(404);
  });

  it("serves robots.txt naming the sitemap", async () => {
    const { text } = await get("/robots.txt");
    expect(text).toContain(`Sitemap: ${TEST_BASE}/sitemap.xml`);
  });

  it("generates a PNG share image per page, and its SVG text", async () => {
    const slug = pages.article!.split("/").pop()!;
    const png = await f.app.request(`/share/en/article/${slug}.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get("Content-Type")).toBe("image/png");
    const bytes = new Uint8Array(await png.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = await (await f.app.request(`/share/fa/article/${slug}.svg`)).text();
    expect(svg).toContain('direction="rtl"');
    expect((await f.app.request("/share/en/article/no-such.png")).status).toBe(404);
  });
});

describe("share images and other resources the pages name", () => {
  const ogImages = (html: string) => [...html.matchAll(/<meta property="og:image" content="([^"]*)"/g)].map((m) => m[1]!);
  const indexes = ["/{l}/", "/{l}/articles", "/{l}/people", "/{l}/people/page/2", "/{l}/places", "/{l}/events", "/{l}/organizations", "/{l}/sources", "/{l}/lists", "/{l}/positions", "/{l}/cases", "/{l}/tags"];

  it("serves as a PNG every og:image of the landing, home and index pages in both languages", async () => {
    const paths = ["/", ...(["fa", "en"] as const).flatMap((l) => indexes.map((p) => p.replace("{l}", l)))];
    const images = new Set<string>();
    for (const p of paths) {
      const { res, text } = await get(p);
      expect(res.status, p).toBe(200);
      const found = ogImages(text);
      expect(found, p).toHaveLength(1);
      found.forEach((u) => images.add(u));
    }
    expect([...images].sort()).toEqual([`${TEST_BASE}/share/en/site.png`, `${TEST_BASE}/share/fa/site.png`]);
    for (const url of images) {
      const res = await f.app.request(url.slice(TEST_BASE.length));
      expect(res.status, url).toBe(200);
      expect(res.headers.get("Content-Type"), url).toBe("image/png");
      expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 4)], url).toEqual([0x89, 0x50, 0x4e, 0x47]);
    }
  });

  it("draws the site's card with its name in both languages and the fictionality mark of the demo", async () => {
    for (const lang of ["fa", "en"] as const) {
      const svg = await f.app.request(`/share/${lang}/site.svg`);
      expect(svg.status).toBe(200);
      const text = await svg.text();
      expect(text).toContain("ثبت");
      expect(text).toContain("Sabt");
      expect(text).toContain(lang === "fa" ? "این مجموعه خیالی است" : "This collection is fictional");
    }
    expect((await f.app.request("/share/de/site.png")).status).toBe(404);
    expect((await f.app.request("/share/en/site.gif")).status).toBe(404);
  });

  it("answers 200 for every image, stylesheet, feed and script that any page type names", async () => {
    const named = new Set<string>();
    for (const lang of ["fa", "en"] as const) {
      for (const tpl of ["/", ...indexes, ...Object.values(pages)]) {
        const { text } = await get(tpl.replace("{l}", lang));
        namedResources(text, TEST_BASE).forEach((p) => named.add(p));
      }
    }
    expect(named.has("/share/fa/site.png") && named.has("/share/en/site.png") && named.has(CSS_PATH)).toBe(true);
    const failing: string[] = [];
    for (const p of named) {
      const res = await f.app.request(p);
      await res.arrayBuffer();
      if (res.status !== 200) failing.push(`${res.status} ${p}`);
    }
    expect(failing).toEqual([]);
  });
});

describe("fast and light", () => {
  it("answers If-None-Match with 304 and sends Cache-Control", async () => {
    const p = pages.article!.replace("{l}", "en");
    const first = await f.app.request(p);
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get("Cache-Control")).toContain("max-age=");
    const again = await f.app.request(p, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const css = await f.app.request(CSS_PATH);
    expect(css.headers.get("Cache-Control")).toContain("immutable");
  });

  it("compresses with brotli or gzip, and an article page weighs at most 30 KB in total", async () => {
    for (const lang of ["fa", "en"]) {
      const p = pages.article!.replace("{l}", lang);
      const html = await f.app.request(p, { headers: { "Accept-Encoding": "br, gzip" } });
      expect(html.headers.get("Content-Encoding")).toBe("br");
      const htmlBytes = (await html.arrayBuffer()).byteLength;
      const css = await f.app.request(CSS_PATH, { headers: { "Accept-Encoding": "gzip" } });
      expect(css.headers.get("Content-Encoding")).toBe("gzip");
      const cssBytes = (await css.arrayBuffer()).byteLength;
      // The page loads nothing else: no images, fonts or scripts (the share image is only for link previews).
      const raw = await (await f.app.request(p)).text();
      expect(raw.match(/<(img|script src|link rel="preload"|iframe)/g) ?? []).toEqual([]);
      expect(htmlBytes + cssBytes).toBeLessThanOrEqual(30 * 1024);
      expect(zlib.brotliDecompressSync(Buffer.from(await (await f.app.request(p, { headers: { "Accept-Encoding": "br" } })).arrayBuffer())).toString()).toBe(raw);
    }
  });
});
