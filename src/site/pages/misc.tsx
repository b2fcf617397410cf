/** The bilingual landing page, search, corrections and "not found" pages. */
import { search } from "../../search/index.ts";
import type { Db } from "../../db/index.ts";
import { ANONYMOUS } from "../../shared/viewer.ts";
import { type Lang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { loadNames } from "../model/names.ts";
import { entityPath, homePath, sharePath } from "../paths.ts";
import type { PageCtx, PageResult } from "./page.ts";

/** The root page: a choice of language, with nothing guessed from the request (so it caches). */
export function buildLandingPage(ctx: PageCtx): PageResult {
  return {
    meta: {
      lang: "fa",
      title: `${t("fa", "siteName")} · ${t("en", "siteName")}`,
      description: `${t("fa", "siteTagline")} — ${t("en", "siteTagline")}`,
      path: "/",
      alternates: { fa: homePath("fa"), en: homePath("en") },
      ogType: "website",
      image: sharePath("fa", "site"),
      jsonLd: [],
      fictional: false,
    },
    body: (
      <>
        <h1>{t("fa", "siteName")}</h1>
        <p>{t("fa", "siteTagline")}</p>
        <p lang="en" dir="ltr">
          {t("en", "siteTagline")}
        </p>
        <ul>
          <li>
            <a href={homePath("fa")} hreflang="fa">
              فارسی
            </a>
          </li>
          <li lang="en">
            <a href={homePath("en")} hreflang="en">
              English
            </a>
          </li>
        </ul>
        <p class="meta">{ctx.base}</p>
      </>
    ),
  };
}

/**
 * The search page. Runs the spine's search as the anonymous viewer (the public projection only)
 * and drops articles that are not published yet.
 */
export async function buildSearchPage(ctx: PageCtx, db: Db, q: string): Promise<PageResult> {
  const { lang, reader } = ctx;
  const query = q.trim().slice(0, 200);
  let hits = query ? await search(db, ANONYMOUS, query, { limit: 50 }) : [];
  const articleIds = hits.filter((h) => h.type === "article").map((h) => h.id);
  if (articleIds.length > 0) {
    const published = new Set((await reader.publishedArticles({ limit: articleIds.length, offset: 0, ids: articleIds })).map((a) => a.id));
    hits = hits.filter((h) => h.type !== "article" || published.has(h.id));
  }
  // Each hit under its name in the page's language (a Persian page shows Persian names), as on
  // every other page; the label is the fallback.
  const names = await loadNames(reader, hits.map((h) => h.id));
  const path = `/${lang}/search`;
  return {
    meta: {
      lang,
      title: query ? `${t(lang, "search")}: ${query}` : t(lang, "search"),
      description: t(lang, "searchLabel"),
      path,
      alternates: { fa: "/fa/search", en: "/en/search" },
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [],
      fictional: false,
      noindex: query.length > 0,
    },
    body: (
      <>
        <h1>{t(lang, "search")}</h1>
        <form class="search" action={path} method="get" role="search">
          <label class="skip" for="q">
            {t(lang, "searchLabel")}
          </label>
          <input id="q" name="q" type="search" value={query} placeholder={t(lang, "searchLabel")} />
          <button type="submit">{t(lang, "searchButton")}</button>
        </form>
        {query && hits.length === 0 ? <p>{t(lang, "noResults")}</p> : null}
        <ul class="cards">
          {hits.map((h) => {
            const href = entityPath(lang, h.type, h.slug);
            return (
              <li>
                {href ? <a href={href}>{names.name(h.id, lang) || h.label}</a> : names.name(h.id, lang) || h.label} <small class="meta">({typeName(lang, h.type)})</small>
              </li>
            );
          })}
        </ul>
      </>
    ),
  };
}

/** How to send a correction. */
export function buildCorrectionsPage(ctx: PageCtx): PageResult {
  const { lang } = ctx;
  const path = `/${lang}/corrections`;
  return {
    meta: {
      lang,
      title: t(lang, "correctionsTitle"),
      description: t(lang, "correctionsBody").slice(0, 150),
      path,
      alternates: { fa: "/fa/corrections", en: "/en/corrections" },
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [],
      fictional: false,
    },
    body: (
      <>
        <h1>{t(lang, "correctionsTitle")}</h1>
        <p>{t(lang, "correctionsBody")}</p>
        <p>
          <a href={`/${lang}/submit`}>{t(lang, "submitLink")}</a>
        </p>
      </>
    ),
  };
}

/** The "not found" page of a language. */
export function buildNotFoundPage(ctx: PageCtx, path: string): PageResult {
  const lang: Lang = ctx.lang;
  return {
    meta: {
      lang,
      title: t(lang, "notFound"),
      description: t(lang, "notFoundBody"),
      path,
      alternates: {},
      ogType: "website",
      image: sharePath(lang, "site"),
      jsonLd: [],
      fictional: false,
      noindex: true,
    },
    body: (
      <>
        <h1>{t(lang, "notFound")}</h1>
        <p>{t(lang, "notFoundBody")}</p>
        <p>
          <a href={homePath(lang)}>{t(lang, "home")}</a>
        </p>
      </>
    ),
  };
}
