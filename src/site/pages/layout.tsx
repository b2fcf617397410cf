/**
 * The page frame: head (canonical, hreflang, Open Graph, Twitter card, JSON-LD, feeds, the one
 * stylesheet), header with navigation, language switch and search, the fictionality notice, and
 * the footer. No script, no inline style, nothing from another origin.
 */
import type { Child } from "hono/jsx";
import { CSS_PATH } from "../assets.ts";
import { dirOf, otherLang, type Lang } from "../../i18n/index.ts";
import { t } from "../i18n/strings.ts";
import { tf } from "../i18n/find-strings.ts";
import { homePath, officialsPath, sectionPath } from "../paths.ts";

/** What every page tells the frame about itself. */
export interface PageMeta {
  lang: Lang;
  title: string;
  description: string;
  /** This page's path (the canonical URL is the public base URL plus this path). */
  path: string;
  /** The same page in each language that has it (for hreflang and the language switch). */
  alternates: Partial<Record<Lang, string>>;
  ogType: "website" | "article" | "profile";
  /** Path of the page's share image (PNG). */
  image: string;
  jsonLd: readonly object[];
  fictional: boolean;
  noindex?: boolean;
  /** Extra feed links (e.g. a tag's RSS feed). */
  feeds?: readonly { title: string; path: string; type: "rss" | "atom" }[];
  /** Scripts Sabt serves for this page (the form's proof-of-work); most pages have none. */
  scripts?: readonly string[];
}

/** JSON for a `<script type="application/ld+json">` data block: `<` escaped so text cannot close it. */
export function jsonLdText(value: object): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function Head({ meta, base }: { meta: PageMeta; base: string }) {
  const alt = Object.entries(meta.alternates) as [Lang, string][];
  const feeds = [
    { title: `${t(meta.lang, "siteName")} RSS`, path: `/${meta.lang}/rss.xml`, type: "rss" as const },
    { title: `${t(meta.lang, "siteName")} Atom`, path: `/${meta.lang}/atom.xml`, type: "atom" as const },
    ...(meta.feeds ?? []),
  ];
  const fullTitle = `${meta.title} · ${t(meta.lang, "siteName")}`;
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{fullTitle}</title>
      <meta name="description" content={meta.description} />
      {meta.noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
      <link rel="canonical" href={base + meta.path} />
      {alt.map(([l, p]) => (
        <link rel="alternate" hreflang={l} href={base + p} />
      ))}
      {meta.alternates.en ? <link rel="alternate" hreflang="x-default" href={base + meta.alternates.en} /> : null}
      {feeds.map((f) => (
        <link rel="alternate" type={f.type === "rss" ? "application/rss+xml" : "application/atom+xml"} title={f.title} href={f.path} />
      ))}
      <link rel="stylesheet" href={CSS_PATH} />
      {(meta.scripts ?? []).map((src) => (
        <script src={src} defer />
      ))}
      <meta property="og:site_name" content={t(meta.lang, "siteName")} />
      <meta property="og:type" content={meta.ogType} />
      <meta property="og:title" content={meta.title} />
      <meta property="og:description" content={meta.description} />
      <meta property="og:url" content={base + meta.path} />
      <meta property="og:locale" content={meta.lang === "fa" ? "fa_IR" : "en_US"} />
      <meta property="og:image" content={base + meta.image} />
      <meta property="og:image:width" content="1200" />
      <meta property="og:image:height" content="630" />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:title" content={meta.title} />
      <meta name="twitter:description" content={meta.description} />
      <meta name="twitter:image" content={base + meta.image} />
      {meta.jsonLd.map((j) => (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(j) }} />
      ))}
    </head>
  );
}

function Header({ meta }: { meta: PageMeta }) {
  const { lang } = meta;
  const other = otherLang(lang);
  const switchTo = meta.alternates[other] ?? homePath(other);
  return (
    <header class="site">
      <a class="brand" href={homePath(lang)}>
        {t(lang, "siteName")}
      </a>
      <nav aria-label={t(lang, "home")}>
        <ul>
          <li><a href={sectionPath(lang, "articles")}>{t(lang, "articles")}</a></li>
          <li><a href={sectionPath(lang, "people")}>{t(lang, "people")}</a></li>
          <li><a href={sectionPath(lang, "places")}>{t(lang, "places")}</a></li>
          <li><a href={sectionPath(lang, "events")}>{t(lang, "events")}</a></li>
          <li><a href={sectionPath(lang, "organizations")}>{t(lang, "organizations")}</a></li>
          <li><a href={sectionPath(lang, "positions")}>{t(lang, "positions")}</a></li>
          <li><a href={sectionPath(lang, "cases")}>{t(lang, "cases")}</a></li>
          <li><a href={officialsPath(lang)}>{tf(lang, "officials")}</a></li>
          <li><a href={`/${lang}/statistics`}>{t(lang, "statistics")}</a></li>
          <li><a href={`/${lang}/search`}>{t(lang, "search")}</a></li>
        </ul>
      </nav>
      <a class="lang" href={switchTo} hreflang={other} lang={other}>
        {t(lang, "language")}
      </a>
    </header>
  );
}

/** The whole HTML document around a page's main content. */
export function Layout({ meta, base, children }: { meta: PageMeta; base: string; children: Child }) {
  const { lang } = meta;
  return (
    <html lang={lang} dir={dirOf(lang)}>
      <Head meta={meta} base={base} />
      <body>
        <a class="skip" href="#main">{t(lang, "skip")}</a>
        <Header meta={meta} />
        <main id="main">
          {meta.fictional ? (
            <p class="notice" role="note">
              {t(lang, "fictionalNotice")}
            </p>
          ) : null}
          {children}
        </main>
        <footer class="site">
          <p>{t(lang, "footer")}</p>
          <ul>
            <li><a href={`/${lang}/tags`}>{t(lang, "tags")}</a></li>
            <li><a href={sectionPath(lang, "sources")}>{t(lang, "sources")}</a></li>
            <li><a href={sectionPath(lang, "lists")}>{t(lang, "lists")}</a></li>
            <li><a href={`/${lang}/corrections`}>{t(lang, "correctionsTitle")}</a></li>
            <li><a href={`/${lang}/rss.xml`}>RSS</a></li>
            <li><a href={`/${lang}/atom.xml`}>Atom</a></li>
          </ul>
        </footer>
      </body>
    </html>
  );
}
