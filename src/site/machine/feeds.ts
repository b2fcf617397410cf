/**
 * RSS 2.0 and Atom 1.0 feeds of published articles, per language and per tag. Built from the
 * public projection only; summaries, not bodies, so feeds stay small on slow connections.
 */
import type { PublicEntityRow } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";
import { t } from "../i18n/strings.ts";
import { dateOf, first, groupByEntity, textIn } from "../model/values.ts";
import { entityPath, homePath, tagPath } from "../paths.ts";
import type { SiteReader } from "../site.reader.ts";
import { absoluteUrl, xmlEscape } from "./xml.ts";

/** One feed entry. */
interface FeedItem {
  title: string;
  url: string;
  summary: string;
  published: string;
  updated: string;
  categories: string[];
}

/** What a feed is about: the whole site, or one tag. */
export interface FeedScope {
  lang: Lang;
  tag?: PublicEntityRow;
}

const FEED_SIZE = 20;

async function feedItems(reader: SiteReader, base: string, scope: FeedScope): Promise<{ title: string; link: string; items: FeedItem[] }> {
  const { lang, tag } = scope;
  const ids = tag ? await reader.articleIdsWithTag(tag.id) : undefined;
  const articles = await reader.publishedArticles({ limit: FEED_SIZE, offset: 0, ...(ids ? { ids } : {}) });
  const claims = groupByEntity(await reader.claimsOf(articles.map((a) => a.id), ["title", "summary", "published", "updated", "tag"]));
  const tagIds = [...new Set([...claims.values()].flat().filter((c) => c.property === "tag" && c.ref_id).map((c) => c.ref_id!))];
  const tagLabels = groupByEntity(await reader.claimsOf(tagIds, ["label"]));
  const items = articles.map((a): FeedItem => {
    const cs = claims.get(a.id) ?? [];
    const published = dateOf(first(cs, "published"))?.earliest ?? a.created_at.toISOString().slice(0, 10);
    const updated = dateOf(first(cs, "updated"))?.latest ?? published;
    return {
      title: textIn(cs, "title", lang) ?? a.label,
      url: absoluteUrl(base, entityPath(lang, "article", a.slug)!),
      summary: textIn(cs, "summary", lang) ?? "",
      published,
      updated: updated < published ? published : updated,
      categories: cs.filter((c) => c.property === "tag" && c.ref_id).map((c) => textIn(tagLabels.get(c.ref_id!) ?? [], "label", lang) ?? ""),
    };
  });
  const tagName = tag ? (textIn(await reader.claimsOf([tag.id], ["label"]), "label", lang) ?? tag.label) : undefined;
  return {
    title: tagName ? `${t(lang, "siteName")}: ${tagName}` : t(lang, "siteName"),
    link: absoluteUrl(base, tag ? tagPath(lang, tag.slug) : homePath(lang)),
    items,
  };
}

const rfc822 = (day: string) => new Date(`${day}T00:00:00Z`).toUTCString();
const rfc3339 = (day: string) => `${day}T00:00:00Z`;

/** An RSS 2.0 feed (with an Atom self link). */
export async function buildRss(reader: SiteReader, base: string, scope: FeedScope, selfPath: string): Promise<string> {
  const f = await feedItems(reader, base, scope);
  const items = f.items
    .map(
      (i) =>
        `<item><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.url)}</link><guid isPermaLink="true">${xmlEscape(i.url)}</guid>` +
        `<pubDate>${rfc822(i.published)}</pubDate><description>${xmlEscape(i.summary)}</description>` +
        i.categories.map((c) => `<category>${xmlEscape(c)}</category>`).join("") +
        `</item>`,
    )
    .join("\n");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
    `<title>${xmlEscape(f.title)}</title><link>${xmlEscape(f.link)}</link><description>${xmlEscape(t(scope.lang, "siteTagline"))}</description>` +
    `<language>${scope.lang}</language><atom:link href="${xmlEscape(absoluteUrl(base, selfPath))}" rel="self" type="application/rss+xml"/>` +
    (f.items[0] ? `<lastBuildDate>${rfc822(f.items.map((i) => i.updated).sort().at(-1)!)}</lastBuildDate>` : "") +
    `\n${items}\n</channel></rss>\n`
  );
}

/** An Atom 1.0 feed. */
export async function buildAtom(reader: SiteReader, base: string, scope: FeedScope, selfPath: string): Promise<string> {
  const f = await feedItems(reader, base, scope);
  const updated = f.items.map((i) => i.updated).sort().at(-1) ?? "2000-01-01";
  const entries = f.items
    .map(
      (i) =>
        `<entry><title>${xmlEscape(i.title)}</title><link rel="alternate" type="text/html" href="${xmlEscape(i.url)}"/><id>${xmlEscape(i.url)}</id>` +
        `<published>${rfc3339(i.published)}</published><updated>${rfc3339(i.updated)}</updated><summary>${xmlEscape(i.summary)}</summary>` +
        i.categories.map((c) => `<category term="${xmlEscape(c)}"/>`).join("") +
        `</entry>`,
    )
    .join("\n");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${scope.lang}">` +
    `<title>${xmlEscape(f.title)}</title><subtitle>${xmlEscape(t(scope.lang, "siteTagline"))}</subtitle>` +
    `<link rel="alternate" type="text/html" href="${xmlEscape(f.link)}"/><link rel="self" type="application/atom+xml" href="${xmlEscape(absoluteUrl(base, selfPath))}"/>` +
    `<id>${xmlEscape(absoluteUrl(base, selfPath))}</id><updated>${rfc3339(updated)}</updated><author><name>${xmlEscape(t(scope.lang, "siteName"))}</name></author>` +
    `\n${entries}\n</feed>\n`
  );
}
