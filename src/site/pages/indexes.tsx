/** Home, section indexes (paged) and tag archives (paged). */
import type { PublicEntityRow } from "../../db/index.ts";
import { mainCalendar, num, type Lang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { loadNames } from "../model/names.ts";
import { dateOf, first, groupByEntity, textIn } from "../model/values.ts";
import { entityPath, homePath, PAGE_SIZE, SECTION_OF, sectionPath, sharePath, tagPath, type PagedType } from "../paths.ts";
import type { SiteReader } from "../site.reader.ts";
import { Crumbs, Pager } from "./components.tsx";
import { LetterBar } from "./people-index.tsx";
import { breadcrumbLd, type PageCtx, type PageResult } from "./page.ts";

/** Article cards: title, date and summary in the reader's language. */
async function ArticleCards({ lang, reader, articles }: { lang: Lang; reader: SiteReader; articles: readonly PublicEntityRow[] }) {
  const claims = groupByEntity(await reader.claimsOf(articles.map((a) => a.id), ["title", "summary", "published"]));
  return (
    <ul class="cards">
      {articles.map((a) => {
        const cs = claims.get(a.id) ?? [];
        const d = dateOf(first(cs, "published"));
        return (
          <li>
            <a href={entityPath(lang, "article", a.slug)}>{textIn(cs, "title", lang) ?? a.label}</a>
            {d ? (
              <>
                {" "}
                <time class="meta" datetime={d.earliest}>
                  {mainCalendar(lang, d)}
                </time>
              </>
            ) : null}
            <p>{textIn(cs, "summary", lang) ?? ""}</p>
          </li>
        );
      })}
    </ul>
  );
}

function bothLangs(pathOf: (l: Lang) => string): Record<Lang, string> {
  return { fa: pathOf("fa"), en: pathOf("en") };
}

/** The home page of a language: latest articles, counts and the way in to every section. */
export async function buildHomePage(ctx: PageCtx): Promise<PageResult> {
  const { lang, reader, base } = ctx;
  const latest = await reader.publishedArticles({ limit: 10, offset: 0 });
  const counts = await reader.countEntitiesByType();
  const cards = await ArticleCards({ lang, reader, articles: latest });
  const anyFictional = latest.some((a) => a.is_fictional);
  const sections: PagedType[] = ["person", "place", "event", "organization", "source", "list"];
  return {
    meta: {
      lang,
      title: t(lang, "siteName"),
      description: t(lang, "siteTagline"),
      path: homePath(lang),
      alternates: bothLangs(homePath),
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [
        {
          "@context": "https://schema.org",
          "@type": "WebSite",
          name: t(lang, "siteName"),
          url: base + homePath(lang),
          inLanguage: lang,
          potentialAction: { "@type": "SearchAction", target: `${base}/${lang}/search?q={q}`, "query-input": "required name=q" },
        },
      ],
      fictional: anyFictional,
    },
    body: (
      <>
        <h1>{t(lang, "siteName")}</h1>
        <p>{t(lang, "siteTagline")}</p>
        <form class="search" action={`/${lang}/search`} method="get" role="search">
          <label class="skip" for="q">
            {t(lang, "searchLabel")}
          </label>
          <input id="q" name="q" type="search" placeholder={t(lang, "searchLabel")} />
          <button type="submit">{t(lang, "searchButton")}</button>
        </form>
        <h2>{t(lang, "latestArticles")}</h2>
        {cards}
        <p>
          <a href={sectionPath(lang, "articles")}>{t(lang, "allArticles")}</a>
        </p>
        <h2>{t(lang, "counts")}</h2>
        <ul>
          {sections.map((s) => (
            <li>
              <a href={sectionPath(lang, SECTION_OF[s])}>{typeName(lang, s)}</a>: {num(lang, counts.get(s) ?? 0)}
            </li>
          ))}
        </ul>
      </>
    ),
  };
}

/** A paged index of one section, or undefined past the last page. */
export async function buildSectionIndex(ctx: PageCtx, type: PagedType, page: number): Promise<PageResult | undefined> {
  const { lang, reader, base } = ctx;
  const section = SECTION_OF[type];
  const total = await reader.countEntitiesOfType(type);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page < 1 || page > pages) return undefined;
  const items = await reader.entitiesOfType(type, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const title = typeName(lang, type);
  const path = sectionPath(lang, section, page);
  const crumbs = [
    { name: t(lang, "home"), path: homePath(lang) },
    { name: title, path: sectionPath(lang, section) },
  ];
  let list;
  if (type === "article") {
    list = await ArticleCards({ lang, reader, articles: items });
  } else {
    const names = await loadNames(reader, items.map((i) => i.id));
    list = (
      <ul>
        {items.map((i) => (
          <li>
            <a href={entityPath(lang, type, i.slug)}>{names.name(i.id, lang)}</a>
          </li>
        ))}
      </ul>
    );
  }
  return {
    meta: {
      lang,
      title: page > 1 ? `${title} (${t(lang, "page")} ${num(lang, page)})` : title,
      description: `${title}: ${num(lang, total)}`,
      path,
      alternates: bothLangs((l) => sectionPath(l, section, page)),
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [breadcrumbLd(base, crumbs)],
      fictional: items.some((i) => i.is_fictional),
    },
    body: (
      <>
        <Crumbs items={crumbs.slice(0, 1)} />
        <h1>
          {title} <small class="meta">({num(lang, total)})</small>
        </h1>
        {type === "person" ? <LetterBar lang={lang} /> : null}
        {list}
        <Pager lang={lang} page={page} pages={pages} pathOf={(p) => sectionPath(lang, section, p)} />
      </>
    ),
  };
}

/** A tag's archive: its published articles, newest first, paged; undefined past the last page. */
export async function buildTagArchive(ctx: PageCtx, tag: PublicEntityRow, page: number): Promise<PageResult | undefined> {
  const { lang, reader, base } = ctx;
  const ids = await reader.articleIdsWithTag(tag.id);
  const all = await reader.publishedArticles({ limit: 100000, offset: 0, ids });
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  if (page < 1 || page > pages) return undefined;
  const items = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const tagClaims = await reader.claimsOf([tag.id], ["label"]);
  const name = textIn(tagClaims, "label", lang) ?? tag.label;
  const path = tagPath(lang, tag.slug, page);
  const crumbs = [
    { name: t(lang, "home"), path: homePath(lang) },
    { name: t(lang, "tags"), path: sectionPath(lang, "tags") },
    { name, path: tagPath(lang, tag.slug) },
  ];
  const cards = await ArticleCards({ lang, reader, articles: items });
  return {
    meta: {
      lang,
      title: page > 1 ? `${name} (${t(lang, "page")} ${num(lang, page)})` : name,
      description: `${t(lang, "tags")}: ${name} (${num(lang, all.length)})`,
      path,
      alternates: bothLangs((l) => tagPath(l, tag.slug, page)),
      ogType: "website",
      image: sharePath(lang, `tag/${tag.slug}`),
      jsonLd: [breadcrumbLd(base, crumbs)],
      fictional: tag.is_fictional,
      feeds: [{ title: `${name} RSS`, path: `/${lang}/tags/${encodeURIComponent(tag.slug)}/rss.xml`, type: "rss" }],
    },
    body: (
      <>
        <Crumbs items={crumbs.slice(0, 2)} />
        <h1>{name}</h1>
        {cards}
        <Pager lang={lang} page={page} pages={pages} pathOf={(p) => tagPath(lang, tag.slug, p)} />
        <p>
          <a href={`/${lang}/tags/${encodeURIComponent(tag.slug)}/rss.xml`}>RSS</a>
        </p>
      </>
    ),
  };
}
