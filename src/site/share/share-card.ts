/** What each page's share card says, from the public projection only. */
import type { Lang } from "../../i18n/index.ts";
import { mainCalendar, otherLang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { dateOf, displayName, first, textIn } from "../model/values.ts";
import { hasPage } from "../paths.ts";
import type { SiteReader } from "../site.reader.ts";
import type { ShareCard } from "./share-image.ts";

/**
 * The site's own card (home, index and landing pages): the tagline under the site's name in both
 * languages, marked like the entity cards when the public collection holds fictional records.
 */
export function siteCard(lang: Lang, opts: { fictional: boolean }): ShareCard {
  const site = `${t(lang, "siteName")} · ${t(otherLang(lang), "siteName")}`;
  return { lang, title: t(lang, "siteTagline"), subtitle: "", site, fictional: opts.fictional ? fictionalMark(lang) : undefined };
}

/** The card of an entity's page, or undefined when it is not public (or not published). */
export async function entityCard(reader: SiteReader, lang: Lang, kind: string, slug: string): Promise<ShareCard | undefined> {
  if (!hasPage(kind)) return undefined;
  const e = await reader.entityBySlug(kind, slug);
  if (!e) return undefined;
  const claims = await reader.claimsOf([e.id], ["title", "name", "label", "published", "death_date"]);
  let subtitle = typeName(lang, kind);
  if (kind === "article") {
    const published = dateOf(first(claims, "published"));
    if (!published || published.earliest > reader.today) return undefined;
    subtitle = mainCalendar(lang, published);
  }
  const death = dateOf(first(claims, "death_date"));
  if (kind === "person" && death) subtitle = `${t(lang, "death")}: ${mainCalendar(lang, death)}`;
  const title = kind === "tag" ? (textIn(claims, "label", lang) ?? e.label) : displayName(claims, lang, e.label);
  return { lang, title, subtitle, site: t(lang, "siteName"), fictional: e.is_fictional ? fictionalMark(lang) : undefined };
}

/** The short fictionality mark of a card: the notice's first clause ("This collection is fictional"). */
function fictionalMark(lang: Lang): string {
  return t(lang, "fictionalNotice").split(/[:：]/)[0]!;
}
