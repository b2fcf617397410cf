/**
 * `/sitemap.xml` is a sitemap index of per-type sitemaps, each at most 50,000 URLs (the protocol's
 * limit) with `lastmod`; every URL is listed once per language, with xhtml hreflang alternates
 * omitted to keep the files valid against the plain sitemap 0.9 schema.
 */
import { LANGS } from "../../i18n/index.ts";
import { entityPath, homePath, SECTION_OF, sectionPath, type PagedType } from "../paths.ts";
import type { SiteReader } from "../site.reader.ts";
import { absoluteUrl, xmlEscape } from "./xml.ts";

/** The protocol's limit of URLs per sitemap file. */
export const SITEMAP_MAX_URLS = 50_000;

/** Types listed in sitemaps, each in its own sitemap files. */
export const SITEMAP_TYPES: readonly PagedType[] = Object.keys(SECTION_OF) as PagedType[];

interface UrlEntry {
  loc: string;
  lastmod?: string;
}

async function entriesOf(reader: SiteReader, base: string, type: PagedType | "pages"): Promise<UrlEntry[]> {
  if (type === "pages") {
    const paths = LANGS.flatMap((l) => [
      homePath(l),
      `/${l}/statistics`,
      `/${l}/corrections`,
      ...Object.values(SECTION_OF).map((s) => sectionPath(l, s)),
    ]);
    return ["/", ...paths].map((p) => ({ loc: absoluteUrl(base, p) }));
  }
  const rows = await reader.slugs([type]);
  return rows.flatMap((r) => LANGS.map((l) => ({ loc: absoluteUrl(base, entityPath(l, type, r.slug)!), lastmod: r.lastmod })));
}

/** The names of every sitemap file, e.g. `pages-1`, `person-1`, `person-2`. */
export async function sitemapNames(reader: SiteReader, base: string): Promise<{ name: string; lastmod?: string }[]> {
  const out: { name: string; lastmod?: string }[] = [{ name: "pages-1" }];
  for (const type of SITEMAP_TYPES) {
    const entries = await entriesOf(reader, base, type);
    for (let i = 0; i * SITEMAP_MAX_URLS < entries.length; i++) {
      const chunk = entries.slice(i * SITEMAP_MAX_URLS, (i + 1) * SITEMAP_MAX_URLS);
      const lastmod = chunk.map((e) => e.lastmod ?? "").sort().at(-1);
      out.push({ name: `${type}-${i + 1}`, ...(lastmod ? { lastmod } : {}) });
    }
  }
  return out;
}

/** The sitemap index. */
export async function buildSitemapIndex(reader: SiteReader, base: string): Promise<string> {
  const names = await sitemapNames(reader, base);
  const items = names
    .map((n) => `<sitemap><loc>${xmlEscape(`${base}/sitemaps/${n.name}.xml`)}</loc>${n.lastmod ? `<lastmod>${n.lastmod}</lastmod>` : ""}</sitemap>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items}\n</sitemapindex>\n`;
}

/** One sitemap file by name (`<type>-<n>`), or undefined when there is no such file. */
export async function buildSitemap(reader: SiteReader, base: string, name: string): Promise<string | undefined> {
  const m = /^([a-z_]+)-(\d+)$/.exec(name);
  if (!m) return undefined;
  const type = m[1] as PagedType | "pages";
  const n = Number(m[2]);
  if (type !== "pages" && !SITEMAP_TYPES.includes(type)) return undefined;
  const entries = (await entriesOf(reader, base, type)).slice((n - 1) * SITEMAP_MAX_URLS, n * SITEMAP_MAX_URLS);
  if (entries.length === 0 || n < 1) return undefined;
  const urls = entries.map((e) => `<url><loc>${xmlEscape(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ""}</url>`).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

/** robots.txt: everything public may be crawled, except search results and previews. */
export function buildRobots(base: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /fa/search\nDisallow: /en/search\nDisallow: /preview/\nDisallow: /api/\n\nSitemap: ${base}/sitemap.xml\n`;
}
