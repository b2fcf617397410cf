/** The contract between the routes and the page builders. */
import type { Child } from "hono/jsx";
import type { Lang } from "../../i18n/index.ts";
import type { SiteReader } from "../site.reader.ts";
import type { PageMeta } from "./layout.tsx";

/** What a page builder receives. */
export interface PageCtx {
  lang: Lang;
  reader: SiteReader;
  /** The public base URL (no trailing slash), for canonical links, JSON-LD and share links. */
  base: string;
  /** True when rendering a signed-in preview (never cached, never indexed). */
  preview?: boolean;
}

/** A built page: its metadata and main content, and its last change (for Last-Modified). */
export interface PageResult {
  meta: PageMeta;
  body: Child;
}

/** A schema.org BreadcrumbList for a trail of (name, path) items. */
export function breadcrumbLd(base: string, items: readonly { name: string; path: string }[]): object {
  return {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: items.map((i, n) => ({ "@type": "ListItem", position: n + 1, name: i.name, item: base + i.path })),
  };
}

/** Shortens text to at most `max` characters at a word boundary, for descriptions. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/[#*_>`[\]^]/g, "").replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20))}…`;
}
