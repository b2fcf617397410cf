/**
 * The data of a memorial page's summary: the person's claims grouped by agreement, the place of
 * burial (from a `burial_place` claim or a burial the person took part in), and whether every
 * source counted is a victim list (so that the page can say "3 of 4 lists").
 */
import type { PublicClaimRow } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";
import type { SiteReader } from "../site.reader.ts";
import { agreementOf, type PropertyAgreement, type ValueGroup } from "./agreement.ts";
import type { Incoming } from "./incoming.ts";
import { first, groupByEntity } from "./values.ts";

/** The properties a memorial summary shows, in this order. */
export const SUMMARY_PROPERTIES: readonly string[] = [
  "name",
  "father_name",
  "gender",
  "birth_date",
  "death_date",
  "age_at_death",
  "city",
  "prison",
  "death_place",
  "burial_place",
];

/** A memorial summary ready to render. */
export interface MemorialSummary {
  properties: PropertyAgreement<PublicClaimRow>[];
  /** True when every counted source is a list (the counts then say "lists"). */
  lists: boolean;
  /** Entities the summary names that the page must resolve (places of burial). */
  refIds: string[];
}

/**
 * Burials the person took part in (`participation` with the role "buried") as `burial_place`
 * claims naming the burial's place, each carrying the id and sources of the role claim, so that
 * its note numbers are the role claim's.
 */
async function burialClaims(reader: SiteReader, personId: string, inc: Incoming): Promise<PublicClaimRow[]> {
  const burials = (inc.relations.get("participation") ?? []).flatMap((r) => {
    const role = first(r.claims, "role");
    const event = first(r.claims, "event");
    return role?.value_text === "buried" && event?.ref_id ? [{ role, eventId: event.ref_id }] : [];
  });
  if (burials.length === 0) return [];
  const places = groupByEntity(await reader.claimsOf(burials.map((b) => b.eventId), ["place"]));
  return burials.flatMap(({ role, eventId }) => {
    const place = first(places.get(eventId) ?? [], "place");
    if (!place?.ref_id) return [];
    return [{ ...role, entity_id: personId, property: "burial_place", value: { type: "entity", id: place.ref_id }, value_text: place.value_text, ref_id: place.ref_id }];
  });
}

/** Loads and groups what a memorial page's summary shows. */
export async function loadMemorialSummary(reader: SiteReader, personId: string, claims: readonly PublicClaimRow[], inc: Incoming): Promise<MemorialSummary> {
  const all = [...claims, ...(await burialClaims(reader, personId, inc))];
  const sourceIds = [...new Set(all.filter((c) => SUMMARY_PROPERTIES.includes(c.property)).flatMap((c) => c.sources.map((s) => s.sourceId)))];
  const [sources, kinds] = await Promise.all([reader.entitiesByIds(sourceIds), reader.claimsOf(sourceIds, ["source_type"])]);
  const properties = agreementOf(all, SUMMARY_PROPERTIES, (id) => sources.has(id));
  const listIds = new Set(kinds.filter((k) => k.value_text === "list").map((k) => k.entity_id));
  const counted = [...sources.values()];
  const lists = counted.length > 0 && counted.every((s) => s.type === "list" || listIds.has(s.id));
  const refIds = all.filter((c) => c.property === "burial_place" && c.ref_id).map((c) => c.ref_id!);
  return { properties, lists, refIds };
}

/** The groups of one property in the order a page shows them: the reader's own script first. */
export function orderedGroups(lang: Lang, p: PropertyAgreement<PublicClaimRow>): ValueGroup<PublicClaimRow>[] {
  const own = lang === "fa" ? "arabic" : "latin";
  return [...p.groups].sort((a, b) => Number(b.script === own) - Number(a.script === own));
}

/** Every claim of a summary in the order the page shows them (so that its notes are numbered in reading order). */
export function summaryClaims(lang: Lang, summary: MemorialSummary): PublicClaimRow[] {
  return summary.properties.flatMap((p) => orderedGroups(lang, p).flatMap((g) => g.values.flatMap((v) => v.claims)));
}
