/**
 * The public site's URL scheme, in one place: `/<lang>/<section>/<slug>` per entity type, paging
 * as path segments (`/page/2`) so that every page is also a file in the static export.
 */
import type { Lang } from "../i18n/index.ts";

/** Entity types that have their own public page, and the path segment of each. */
export const SECTION_OF = {
  article: "articles",
  person: "people",
  place: "places",
  event: "events",
  organization: "organizations",
  source: "sources",
  list: "lists",
  position: "positions",
  legal_case: "cases",
  tag: "tags",
} as const;

/** An entity type with its own page. */
export type PagedType = keyof typeof SECTION_OF;
/** A path segment of a section. */
export type Section = (typeof SECTION_OF)[PagedType];

const TYPE_OF = Object.fromEntries(Object.entries(SECTION_OF).map(([k, v]) => [v, k])) as Record<Section, PagedType>;

/** The entity type shown under a path segment, or undefined when the segment is not a section. */
export function typeOfSection(segment: string): PagedType | undefined {
  // Own properties only: the segment is any URL a visitor types, and /en/constructor must be a
  // 404, not Object.prototype.constructor taken for an entity type (issue 13).
  return Object.hasOwn(TYPE_OF, segment) ? (TYPE_OF as Record<string, PagedType>)[segment] : undefined;
}

/** True when entities of this type have their own page. */
export function hasPage(type: string): type is PagedType {
  return Object.hasOwn(SECTION_OF, type);
}

/** The path of an entity's page, or undefined for types without one (relations). */
export function entityPath(lang: Lang, type: string, slug: string): string | undefined {
  return hasPage(type) ? `/${lang}/${SECTION_OF[type]}/${encodeURIComponent(slug)}` : undefined;
}

/** The path of a section index, paged from 1. */
export function sectionPath(lang: Lang, section: Section, page = 1): string {
  return page > 1 ? `/${lang}/${section}/page/${page}` : `/${lang}/${section}`;
}

/** The path of a tag archive page. */
export function tagPath(lang: Lang, slug: string, page = 1): string {
  const base = `/${lang}/tags/${encodeURIComponent(slug)}`;
  return page > 1 ? `${base}/page/${page}` : base;
}

/** The path of a language's home page. */
export function homePath(lang: Lang): string {
  return `/${lang}/`;
}

/** The path of a share image (PNG) for a page key such as `article/<slug>` or `site`. */
export function sharePath(lang: Lang, key: string, ext: "png" | "svg" = "png"): string {
  return `/share/${lang}/${key}.${ext}`;
}

/** Items per index page. */
export const PAGE_SIZE = 50;

/** The path of a people index letter page, paged from 1 (issue 12). */
export function letterPath(lang: Lang, letter: string, page = 1): string {
  const base = `/${lang}/people/letter/${encodeURIComponent(letter)}`;
  return page > 1 ? `${base}/page/${page}` : base;
}

/** The path of the officials index, paged from 1. */
export function officialsPath(lang: Lang, page = 1): string {
  return page > 1 ? `/${lang}/officials/page/${page}` : `/${lang}/officials`;
}

/** The path of the public names on a list, paged from 1. */
export function listNamesPath(lang: Lang, slug: string, page = 1): string {
  const base = `/${lang}/lists/${encodeURIComponent(slug)}/names`;
  return page > 1 ? `${base}/page/${page}` : base;
}
