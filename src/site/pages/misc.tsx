/** The bilingual landing page, corrections and "not found" pages (search: `find.tsx`). */
import { type Lang } from "../../i18n/index.ts";
import { t } from "../i18n/strings.ts";
import { homePath, sharePath } from "../paths.ts";
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
