/**
 * Pages of people (memorial and official), places, events, organizations, sources, lists,
 * positions and legal cases: names in every script, each public claim with its sources, what
 * points at the entity, related articles and a corrections link.
 */
import type { PublicClaimRow, PublicEntityRow } from "../../db/index.ts";
import { LANGS, mainCalendar, type Lang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { buildFootnotes } from "../model/citations.ts";
import { incomingClaims, incomingIds, loadIncoming } from "../model/incoming.ts";
import { loadMemorialSummary, SUMMARY_PROPERTIES, summaryClaims, type MemorialSummary } from "../model/memorial.ts";
import { loadNames } from "../model/names.ts";
import { dateOf, displayName, first, langOfValue, textIn } from "../model/values.ts";
import { entityPath, homePath, SECTION_OF, sectionPath, sharePath, type PagedType } from "../paths.ts";
import { Career, lastSeenAs, tenures } from "./career.tsx";
import { Crumbs, Notes, Section, ShareLinks } from "./components.tsx";
import { FactList, IncomingSections, SourcedValue } from "./facts.tsx";
import { MemorialSummaryView } from "./memorial.tsx";
import { breadcrumbLd, type PageCtx, type PageResult } from "./page.ts";
import { ListNamesPreview } from "./people-index.tsx";

// Shown in the page's heading or names section rather than in the fact list.
const HEADING_PROPERTIES = new Set(["name", "title", "label", "alias", "slug", "summary", "body"]);

const SCHEMA_TYPE: Partial<Record<string, string>> = {
  person: "Person",
  place: "Place",
  event: "Event",
  organization: "Organization",
  source: "CreativeWork",
  list: "Dataset",
  legal_case: "Legislation",
};

/** The JSON-LD description of an entity (schema.org Person, Place, Event, Organization…). */
function entityLd(ctx: PageCtx, e: PublicEntityRow, claims: readonly PublicClaimRow[], name: string, path: string): object {
  const type = SCHEMA_TYPE[e.type] ?? "Thing";
  const alt = [...new Set(claims.filter((c) => c.property === "name" || c.property === "alias").map((c) => c.value_text))].filter((n) => n !== name);
  const ld: Record<string, unknown> = { "@context": "https://schema.org", "@type": type, name, url: ctx.base + path };
  if (alt.length > 0) ld.alternateName = alt;
  const birth = dateOf(first(claims, "birth_date"));
  const death = dateOf(first(claims, "death_date"));
  const date = dateOf(first(claims, "date"));
  if (type === "Person") {
    if (birth?.precision === "day") ld.birthDate = birth.earliest;
    if (death?.precision === "day") ld.deathDate = death.earliest;
  }
  if (type === "Event" && date) {
    ld.startDate = date.earliest;
    ld.endDate = date.latest;
  }
  const geo = first(claims, "coordinates");
  if (type === "Place" && geo?.value.type === "geo") ld.geo = { "@type": "GeoCoordinates", latitude: geo.value.lat, longitude: geo.value.lon };
  return ld;
}

/** Builds the page of a public entity of a type that has pages (not articles or tags). */
export async function buildEntityPage(ctx: PageCtx, entity: PublicEntityRow): Promise<PageResult> {
  const { lang, reader, base } = ctx;
  const type = entity.type as PagedType;
  const claims = await reader.claimsOf([entity.id]);
  const inc = await loadIncoming(reader, entity.id);
  const shownInc = incomingClaims(inc);
  // A person's page opens with what the sources agree on; those properties are not listed again.
  const summary: MemorialSummary | undefined = type === "person" ? await loadMemorialSummary(reader, entity.id, claims, inc) : undefined;
  const summarized = (p: string) => summary !== undefined && SUMMARY_PROPERTIES.includes(p);
  const names = await loadNames(reader, [...claims.map((c) => c.ref_id ?? ""), ...incomingIds(inc), ...(summary?.refIds ?? [])].filter(Boolean));
  const nameClaims = claims.filter((c) => (c.property === "name" || c.property === "alias" || c.property === "title") && !summarized(c.property));
  const factClaims = claims.filter((c) => !HEADING_PROPERTIES.has(c.property) && !summarized(c.property));
  const notes = await buildFootnotes(reader, [...(summary ? summaryClaims(lang, summary) : []), ...nameClaims, ...factClaims, ...shownInc], lang);
  const name = displayName(claims, lang, entity.label);
  const path = entityPath(lang, type, entity.slug)!;
  const section = SECTION_OF[type];
  const crumbs = [
    { name: t(lang, "home"), path: homePath(lang) },
    { name: typeName(lang, type), path: sectionPath(lang, section) },
    { name, path },
  ];
  const last = type === "person" ? lastSeenAs(tenures(inc)) : undefined;
  const death = dateOf(first(claims, "death_date"));
  const description =
    [
      type === "person" && last?.position?.ref_id ? `${t(lang, "lastSeenAs")}: ${names.name(last.position.ref_id, lang)}` : "",
      death ? `${t(lang, "death")}: ${mainCalendar(lang, death)}` : "",
      textIn(claims, "summary", lang) ?? "",
    ]
      .filter(Boolean)
      .join(" · ") || `${typeName(lang, type)}: ${name}`;
  const image = sharePath(lang, `${type}/${entity.slug}`);
  const alternates = Object.fromEntries(LANGS.map((l: Lang) => [l, entityPath(l, type, entity.slug)!]));
  return {
    meta: {
      lang,
      title: name,
      description,
      path,
      alternates,
      ogType: type === "person" ? "profile" : "website",
      image,
      jsonLd: [entityLd(ctx, entity, claims, name, path), breadcrumbLd(base, crumbs)],
      fictional: entity.is_fictional,
    },
    body: (
      <article>
        <Crumbs items={crumbs.slice(0, 2)} />
        <h1>{name}</h1>
        {summary ? <MemorialSummaryView lang={lang} summary={summary} names={names} notes={notes} /> : null}
        <Section title={t(lang, "names")} id="names-h" when={nameClaims.length > 0}>
          <ul>
            {nameClaims.map((c) => (
              <li lang={langOfValue(c.value)}>
                <SourcedValue lang={lang} claim={c} names={names} notes={notes} />
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t(lang, "facts")} id="facts-h" when={factClaims.length > 0}>
          <FactList lang={lang} claims={factClaims} names={names} notes={notes} />
        </Section>
        {type === "person" ? <Career lang={lang} inc={inc} names={names} notes={notes} /> : null}
        <IncomingSections lang={lang} inc={inc} names={names} notes={notes} />
        {type === "list" ? await ListNamesPreview({ ctx, list: entity }) : null}
        <Notes lang={lang} notes={notes} />
        <p>
          <a href={type === "person" ? `/${lang}/submit?person=${encodeURIComponent(entity.slug)}` : `/${lang}/submit`}>{t(lang, "corrections")}</a>
        </p>
        <ShareLinks lang={lang} url={base + path} title={name} />
      </article>
    ),
  };
}
