/** What each page's share card says, from the public projection only. */
import type { Lang } from "../../i18n/index.ts";
import { mainCalendar } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { dateOf, displayName, first, textIn } from "../model/values.ts";
import { hasPage } from "../paths.ts";
import type { SiteReader } from "../site.reader.ts";
import type { ShareCard } from "./share-image.ts";

/** The site's own card (home and index pages). */
export function siteCard(lang: Lang): ShareCard {
  return { lang, title: t(lang, "siteTagline"), subtitle: "", site: t(lang, "siteName"), fictional: undefined };
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
  return { lang, title, subtitle, site: t(lang, "siteName"), fictional: e.is_fictional ? t(lang, "fictionalNotice").split(/[:：]/)[0] : undefined };
}
