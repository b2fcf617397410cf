import { reviewText } from "./review.i18n.ts";
import type { Child } from "hono/jsx";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Viewer } from "../shared/viewer.ts";
import { messages } from "./i18n.ts";
import { teamMessages } from "./team.i18n.ts";
import { type Lang } from "../i18n/index.ts";
import { ASSET_CSS, ASSET_JS } from "./assets.ts";

/** What every workspace page needs: its language, title, the viewer and the anti-CSRF token. */
export interface PageProps {
  lang: Lang;
  title: string;
  viewer: Viewer;
  csrf: string;
  path: string;
  children?: Child;
}

function otherLangPath(path: string, lang: Lang): string {
  const other = lang === "fa" ? "en" : "fa";
  return path.replace(/^\/team\/(fa|en)(\/|$)/, `/team/${other}$2`);
}

/**
 * The page shell: language and direction on <html>, a skip link, labelled navigation, one
 * <main>. Only Sabt's own stylesheet and script are loaded (strict CSP, no inline code); the
 * anti-CSRF token sits in a meta tag for the security-key script.
 */
export function Page(p: PageProps) {
  const t = messages(p.lang);
  const member = p.viewer.kind === "user" ? p.viewer : undefined;
  const base = `/team/${p.lang}`;
  return (
    <html lang={p.lang} dir={p.lang === "fa" ? "rtl" : "ltr"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="csrf-token" content={p.csrf} />
        <title>{`${p.title} · ${t.appName}`}</title>
        <link rel="stylesheet" href={ASSET_CSS} />
        <script src={ASSET_JS} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t.skip}
        </a>
        <header class="top">
          <p class="brand">{t.appName}</p>
          <nav aria-label={t.nav}>
            <ul>
              {member ? (
                <>
                  <li>
                    <a href={`${base}/`}>{t.home}</a>
                  </li>
                  <li>
                    <a href={`${base}/import`}>{t.importNav}</a>
                  </li>
                  <li>
                    <a href={`${base}/review`}>{reviewText(p.lang).review}</a>
                  </li>
                  <li>
                    <a href={`${base}/evidence`}>{t.evidence}</a>
                  </li>
                  <li>
                    <a href={`${base}/linkage`}>{t.linkage}</a>
                  </li>
                  <li>
                    <a href={`${base}/estimation`}>{t.estimation}</a>
                  </li>
                  <li>
                    <a href={`${base}/jobs`}>{t.jobsNav}</a>
                  </li>
                  <li>
                    <a href={`${base}/account`}>{t.account}</a>
                  </li>
                  {member.role === "admin" ? (
                    <>
                      <li>
                        <a href={`${base}/team`}>{teamMessages(p.lang).teamNav}</a>
                      </li>
                      <li>
                        <a href={`${base}/audit`}>{teamMessages(p.lang).auditNav}</a>
                      </li>
                    </>
                  ) : null}
                </>
              ) : null}
              <li>
                <a href={otherLangPath(p.path, p.lang)} lang={p.lang === "fa" ? "en" : "fa"} hreflang={p.lang === "fa" ? "en" : "fa"}>
                  {t.language}
                </a>
              </li>
            </ul>
          </nav>
          {member ? (
            <form method="post" action={`${base}/sign-out`} class="signout">
              <input type="hidden" name="_csrf" value={p.csrf} />
              <span>
                {t.signedInAs} {member.name} ({member.role})
              </span>{" "}
              <button type="submit">{t.signOut}</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1}>
          <h1>{p.title}</h1>
          {p.children}
        </main>
      </body>
    </html>
  );
}

/** Renders a page as a complete HTML document. */
export function renderPage(p: PageProps): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!DOCTYPE html>${Page(p)}`;
}

/** The hidden anti-CSRF field every form carries. */
export function CsrfField(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}

/** An error or notice box announced to screen readers. */
export function Notice(p: { kind: "error" | "ok"; children?: Child }) {
  return (
    <div class={`notice ${p.kind}`} role={p.kind === "error" ? "alert" : "status"}>
      {p.children}
    </div>
  );
}
