/** The article page: title, dates in both calendars, author, safe Markdown body, tags, numbered sources, related items. */
import { raw } from "hono/html";
import type { PublicClaimRow, PublicEntityRow } from "../../db/index.ts";
import type { PartialDate } from "../../dates/index.ts";
import { bothCalendars, LANGS, type Lang } from "../../i18n/index.ts";
import { t } from "../i18n/strings.ts";
import { renderMarkdown } from "../markdown.ts";
import { formatLocator, type Footnote, type Footnotes } from "../model/citations.ts";
import { loadNames, type Names } from "../model/names.ts";
import { dateOf, first, langOfValue, refsOf, textIn } from "../model/values.ts";
import { entityPath, homePath, sectionPath, sharePath } from "../paths.ts";
import { Crumbs, EntityLink, Notes, Section, ShareLinks } from "./components.tsx";
import { breadcrumbLd, excerpt, type PageCtx, type PageResult } from "./page.ts";

/** The languages an article has its own title in. */
export function articleLanguages(claims: readonly PublicClaimRow[]): Lang[] {
  return LANGS.filter((l) => claims.some((c) => c.property === "title" && langOfValue(c.value) === l));
}

/** The footnotes of an article: note n is its `cites` claim numbered n, naming only public sources. */
async function articleNotes(ctx: PageCtx, cites: readonly PublicClaimRow[]): Promise<Footnotes> {
  const numbers = await ctx.reader.footnoteNumbers(cites.map((c) => c.id));
  const names = await loadNames(
    ctx.reader,
    cites.flatMap((c) => c.sources.map((s) => s.sourceId)),
  );
  const notes: Footnote[] = [];
  let next = Math.max(0, ...numbers.values()) + 1;
  const ordered = [...cites].sort((a, b) => (numbers.get(a.id) ?? 1e9) - (numbers.get(b.id) ?? 1e9));
  for (const c of ordered) {
    const s = c.sources.find((x) => names.entity(x.sourceId));
    if (!s) continue;
    notes.push({
      n: numbers.get(c.id) ?? next++,
      sourceName: names.name(s.sourceId, ctx.lang),
      sourcePath: names.path(s.sourceId, ctx.lang),
      url: undefined,
      locator: formatLocator(ctx.lang, s.locator),
    });
  }
  return { notes, of: () => [] };
}

/**
 * Builds an article page, or undefined when the article is not published yet (unless previewing).
 */
export async function buildArticlePage(
  ctx: PageCtx,
  entity: PublicEntityRow,
): Promise<PageResult | undefined> {
  const { lang, reader, base } = ctx;
  const claims = await reader.claimsOf([entity.id]);
  const published = dateOf(first(claims, "published"));
  if (!ctx.preview && (!published || published.earliest > reader.today)) return undefined;
  const updated = dateOf(first(claims, "updated"));
  const langs = articleLanguages(claims);
  const title = textIn(claims, "title", lang) ?? entity.label;
  const summary = textIn(claims, "summary", lang) ?? "";
  const bodyClaim =
    claims.find((c) => c.property === "body" && langOfValue(c.value) === lang) ?? first(claims, "body");
  const bodyLang = bodyClaim ? (langOfValue(bodyClaim.value) ?? lang) : lang;
  const tagIds = refsOf(claims, "tag");
  const aboutIds = refsOf(claims, "about");
  const authorIds = refsOf(claims, "author");
  const cites = claims.filter((c) => c.property === "cites");

  // Related: other published articles sharing a tag, newest first.
  const tagged = await reader.claimsReferencing(tagIds, ["tag"]);
  const relatedIds = [...new Set(tagged.map((c) => c.entity_id))].filter((id) => id !== entity.id);
  const related = await reader.publishedArticles({ limit: 5, offset: 0, ids: relatedIds });
  const names = await loadNames(reader, [...tagIds, ...aboutIds, ...authorIds, ...related.map((r) => r.id)]);
  const notes = await articleNotes(ctx, cites);

  const path = entityPath(lang, "article", entity.slug)!;
  const alternates = Object.fromEntries(langs.map((l) => [l, entityPath(l, "article", entity.slug)!]));
  const crumbs = [
    { name: t(lang, "home"), path: homePath(lang) },
    { name: t(lang, "articles"), path: sectionPath(lang, "articles") },
    { name: title, path },
  ];
  const image = sharePath(lang, `article/${entity.slug}`);
  const jsonLd = [
    articleLd({
      lang,
      base,
      path,
      image,
      title,
      summary,
      published,
      updated,
      authorIds,
      tagIds,
      names,
      notes,
    }),
    breadcrumbLd(base, crumbs),
  ];
  return {
    meta: {
      lang,
      title,
      description: summary || excerpt(bodyClaim?.value_text ?? title),
      path,
      alternates,
      ogType: "article",
      image,
      jsonLd,
      fictional: entity.is_fictional,
      ...(ctx.preview ? { noindex: true } : {}),
    },
    body: (
      <article lang={bodyLang === lang ? undefined : bodyLang}>
        <Crumbs items={crumbs.slice(0, 2)} />
        {ctx.preview ? <p class="notice">{t(lang, "preview")}</p> : null}
        <h1>{title}</h1>
        <Byline lang={lang} published={published} updated={updated} authorIds={authorIds} names={names} />
        {summary ? <p class="summary">{summary}</p> : null}
        <div class="body">{bodyClaim ? raw(renderMarkdown(bodyClaim.value_text, lang)) : null}</div>
        {tagIds.length > 0 ? (
          <ul class="tags" aria-label={t(lang, "tags")}>
            {tagIds.map((id) => (
              <li>
                <EntityLink id={id} lang={lang} names={names} />
              </li>
            ))}
          </ul>
        ) : null}
        <Notes lang={lang} notes={notes} />
        <Related lang={lang} ids={[...aboutIds, ...related.map((r) => r.id)]} names={names} />
        <ShareLinks lang={lang} url={base + path} title={title} />
      </article>
    ),
  };
}

/** The byline: publication and update dates in both calendars, and the authors. */
function Byline(p: {
  lang: Lang;
  published: PartialDate | undefined;
  updated: PartialDate | undefined;
  authorIds: readonly string[];
  names: Names;
}) {
  const { lang, published, updated, authorIds, names } = p;
  return (
    <p class="meta">
      {published ? (
        <span>
          {t(lang, "published")}: <time datetime={published.earliest}>{bothCalendars(lang, published)}</time>
        </span>
      ) : null}
      {updated && published && updated.earliest !== published.earliest ? (
        <span>
          {t(lang, "updated")}: <time datetime={updated.earliest}>{bothCalendars(lang, updated)}</time>
        </span>
      ) : null}
      {authorIds.length > 0 ? (
        <span>
          {t(lang, "by")}{" "}
          {authorIds.map((id, i) => (
            <>
              {i > 0 ? ", " : ""}
              <EntityLink id={id} lang={lang} names={names} />
            </>
          ))}
        </span>
      ) : null}
    </p>
  );
}

/** The schema.org Article of the page, for search engines and link previews. */
function articleLd(a: {
  lang: Lang;
  base: string;
  path: string;
  image: string;
  title: string;
  summary: string;
  published: PartialDate | undefined;
  updated: PartialDate | undefined;
  authorIds: readonly string[];
  tagIds: readonly string[];
  names: Names;
  notes: { notes: readonly { sourceName: string }[] };
}): Record<string, unknown> {
  const { lang, base, path, image, title, summary, published, updated, authorIds, tagIds, names, notes } = a;
  const authorName = authorIds[0] ? names.name(authorIds[0], lang) : undefined;
  return {
    "@context": "https://schema.org",
    "@type": "Article",
    headline: title,
    description: summary,
    inLanguage: lang,
    url: base + path,
    mainEntityOfPage: base + path,
    image: base + image,
    ...(published ? { datePublished: published.earliest } : {}),
    ...(updated ? { dateModified: updated.latest } : {}),
    ...(authorIds[0] && authorName
      ? {
          author: {
            "@type": "Person",
            name: authorName,
            ...(names.path(authorIds[0], lang) ? { url: base + names.path(authorIds[0], lang)! } : {}),
          },
        }
      : {}),
    publisher: { "@type": "Organization", name: t(lang, "siteName"), url: base + homePath(lang) },
    keywords: tagIds.map((id) => names.name(id, lang)).join(", "),
    citation: notes.notes.map((n) => n.sourceName),
    isAccessibleForFree: true,
  };
}

/** What the article is about, then other published articles that share a tag. */
function Related({ lang, ids, names }: { lang: Lang; ids: readonly string[]; names: Names }) {
  return (
    <Section title={t(lang, "relatedItems")} id="related-h" when={ids.length > 0}>
      <ul>
        {ids.map((id) => (
          <li>
            <EntityLink id={id} lang={lang} names={names} />
          </li>
        ))}
      </ul>
    </Section>
  );
}
