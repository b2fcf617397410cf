/**
 * Finding people: a search form's filters turned into a query of the public projection, and what
 * tells namesakes apart under each hit (life dates, city, prison, the lists naming them), read for
 * a whole page of hits in a few batched queries.
 */
import type { PartialDate } from "../../dates/index.ts";
import { normalizeText } from "../../names/index.ts";
import type { PeopleFilter } from "../find.repository.ts";
import type { SiteReader } from "../site.reader.ts";
import { yearSpan, type FindQuery } from "./filters.ts";
import { loadNames, type Names } from "./names.ts";
import { dateOf, first, groupByEntity } from "./values.ts";

/** The ids every public list's values cite, and all of them together (what makes a victim). */
export interface ListSources {
  byList: ReadonlyMap<string, readonly string[]>;
  all: readonly string[];
}

/** Loads the public lists and the ids their values cite. */
export async function loadListSources(reader: SiteReader): Promise<ListSources> {
  const byList = await reader.listSources();
  return { byList, all: [...new Set([...byList.values()].flat())] };
}

async function placeFilter(reader: SiteReader, id: string | undefined): Promise<PeopleFilter["prison"]> {
  if (!id) return undefined;
  const names = await reader.placeNames(id);
  // Text values are stored normalized in `search_key`; the place's names are normalized alike.
  return { id, spellings: [...new Set(names.map((n) => normalizeText(n).trim()).filter(Boolean))] };
}

/**
 * The people filter of a search form. A list that is not public filters to nothing (its id cites
 * no public value), as does an unknown place.
 */
export async function resolveFilter(reader: SiteReader, q: FindQuery, lists: ListSources): Promise<PeopleFilter> {
  const [prison, city] = await Promise.all([placeFilter(reader, q.prison), placeFilter(reader, q.city)]);
  return {
    prison,
    city,
    listSources: q.list ? [...(lists.byList.get(q.list) ?? [])] : undefined,
    gender: q.gender,
    role: q.role,
    death: q.year === undefined ? undefined : (yearSpan(q.year, q.cal) ?? { from: "9999-12-31", to: "0001-01-01" }),
  };
}

/** What tells one person apart from namesakes. */
export interface HitDetails {
  birth?: PartialDate | undefined;
  death?: PartialDate | undefined;
  /** Places as referenced entity ids or the text a list wrote. */
  cities: readonly Place[];
  prisons: readonly Place[];
  /** Ids of the public lists naming the person. */
  lists: readonly string[];
}

/** A place value: a public place entity, or text as a list wrote it. */
export type Place = { id: string } | { text: string };

function places(claims: readonly { property: string; ref_id: string | null; value_text: string }[], property: string): Place[] {
  const seen = new Set<string>();
  const out: Place[] = [];
  for (const c of claims) {
    if (c.property !== property) continue;
    const key = c.ref_id ? `#${c.ref_id}` : normalizeText(c.value_text).trim();
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(c.ref_id ? { id: c.ref_id } : { text: c.value_text });
  }
  return out;
}

/**
 * The details of a page of people: one query for their public claims, one (two, in parallel) for
 * the names of the places and lists they mention, and of the people themselves and `alsoNamed`
 * (the page's other hits), from the claims already read where they are the people's.
 */
export async function loadHitDetails(
  reader: SiteReader,
  ids: readonly string[],
  lists: ListSources,
  alsoNamed: readonly string[] = [],
): Promise<{ details: ReadonlyMap<string, HitDetails>; names: Names }> {
  const rows = await reader.claimsOf(ids);
  const claims = groupByEntity(rows);
  const listOf = new Map<string, string[]>();
  for (const [list, sources] of lists.byList) for (const s of sources) listOf.set(s, [...(listOf.get(s) ?? []), list]);
  const details = new Map<string, HitDetails>();
  const refs: string[] = [];
  for (const id of ids) {
    const cs = claims.get(id) ?? [];
    const named = new Set<string>();
    for (const c of cs) for (const s of c.sources) for (const l of listOf.get(s.sourceId) ?? []) named.add(l);
    const d: HitDetails = {
      birth: dateOf(first(cs, "birth_date")),
      death: dateOf(first(cs, "death_date")),
      cities: places(cs, "city"),
      prisons: places(cs, "prison"),
      lists: [...named],
    };
    for (const p of [...d.cities, ...d.prisons]) if ("id" in p) refs.push(p.id);
    refs.push(...d.lists);
    details.set(id, d);
  }
  return { details, names: await loadNames(reader, [...refs, ...ids, ...alsoNamed], { ids, claims: rows }) };
}
