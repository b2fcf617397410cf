/** Small shared pieces of the public pages: citations, notes, links, pager, crumbs, share links. */
import type { Child } from "hono/jsx";
import { digits, type Lang } from "../../i18n/index.ts";
import { t } from "../i18n/strings.ts";
import type { Footnotes } from "../model/citations.ts";
import type { Names } from "../model/names.ts";

/** The superscript note numbers of one claim (or "source not public"/"editorial"). */
export function Cites({ lang, notes, claim }: { lang: Lang; notes: Footnotes; claim: { id: string; editorial: boolean } }) {
  const ns = notes.of(claim.id);
  if (ns.length === 0) {
    return <small class="meta"> ({t(lang, claim.editorial ? "editorial" : "sourceNotPublic")})</small>;
  }
  return (
    <sup class="fn">
      {ns.map((n, i) => (
        <>
          {i > 0 ? "," : ""}
          <a href={`#fn-${n}`}>{digits(lang, String(n))}</a>
        </>
      ))}
    </sup>
  );
}

/** The numbered source notes of a page. */
export function Notes({ lang, notes }: { lang: Lang; notes: Footnotes }) {
  if (notes.notes.length === 0) return null;
  return (
    <section aria-labelledby="notes-h">
      <h2 id="notes-h">{t(lang, "sourcesCited")}</h2>
      <ol class="notes">
        {notes.notes.map((n) => (
          <li id={`fn-${n.n}`} value={String(n.n)}>
            {n.sourcePath ? <a href={n.sourcePath}>{n.sourceName}</a> : n.sourceName}
            {n.locator ? `, ${n.locator}` : ""}
            {n.url ? (
              <>
                {" "}
                <a class="cite-url" href={n.url} rel="nofollow noopener noreferrer">
                  {n.url}
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A link to a public entity by id, or its name as text when it has no page. */
export function EntityLink({ id, lang, names }: { id: string; lang: Lang; names: Names }) {
  const name = names.name(id, lang);
  const path = names.path(id, lang);
  return path ? <a href={path}>{name}</a> : <>{name}</>;
}

/** Previous/next links of a paged list. */
export function Pager({ lang, page, pages, pathOf }: { lang: Lang; page: number; pages: number; pathOf: (p: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t(lang, "page")}>
      {page > 1 ? <a href={pathOf(page - 1)} rel="prev">{t(lang, "previous")}</a> : <span />}
      <span>
        {t(lang, "page")} {digits(lang, String(page))} / {digits(lang, String(pages))}
      </span>
      {page < pages ? <a href={pathOf(page + 1)} rel="next">{t(lang, "next")}</a> : <span />}
    </nav>
  );
}

/** Breadcrumbs (mirrored by the page's BreadcrumbList JSON-LD). */
export function Crumbs({ items }: { items: readonly { name: string; path: string }[] }) {
  return (
    <nav class="crumbs" aria-label="breadcrumb">
      <ol>
        {items.map((i) => (
          <li>
            <a href={i.path}>{i.name}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * Share links: plain links to each service's own share address. Nothing is loaded from them;
 * the reader's browser only goes there if the reader clicks.
 */
export function ShareLinks({ lang, url, title }: { lang: Lang; url: string; title: string }) {
  const u = encodeURIComponent(url);
  const tt = encodeURIComponent(title);
  const links: [string, string][] = [
    ["Telegram", `https://t.me/share/url?url=${u}&text=${tt}`],
    ["WhatsApp", `https://wa.me/?text=${tt}%20${u}`],
    ["X", `https://x.com/intent/post?url=${u}&text=${tt}`],
    ["Facebook", `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    [t(lang, "shareByEmail"), `mailto:?subject=${tt}&body=${u}`],
  ];
  return (
    <nav class="share" aria-label={t(lang, "share")}>
      <ul>
        {links.map(([name, href]) => (
          <li>
            <a class="share-link" href={href} rel="nofollow noopener noreferrer">
              {name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A titled section that renders nothing when it has no content. */
export function Section({ title, id, when, children }: { title: string; id: string; when: boolean; children: Child }) {
  if (!when) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
