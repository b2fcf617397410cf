/**
 * The queries behind finding people on the public site: people by filters (prison, city, list,
 * gender, role, year of death), by first letter, officials, and the filter choices. Typed against
 * the public projection only (`PublicDb`: the public views and the facets derived from them), so
 * nothing team-only or confidential is read, listed or counted.
 */
import { sql, type RawBuilder } from "kysely";
import type { PublicDb, PublicEntityRow } from "../db/index.ts";
import type { EntityRestriction } from "../search/index.ts";
import type { Role } from "./model/filters.ts";

/** Filters of a people query; each one set narrows it, all must hold. */
export interface PeopleFilter {
  /** A place the person was held in: its id, and its normalized spellings (text values). */
  prison?: { id: string; spellings: readonly string[] } | undefined;
  /** The person's city, as for `prison`. */
  city?: { id: string; spellings: readonly string[] } | undefined;
  /** A list naming the person (a public name citing it): the ids its values cite (the list, and the source it publishes). */
  listSources?: readonly string[] | undefined;
  gender?: string | undefined;
  role?: Role | undefined;
  /** A death date overlapping these Gregorian days (inclusive). */
  death?: { from: string; to: string } | undefined;
  /** Label (lower-cased) or a name (normalized) starting with one of these letters. */
  initials?: readonly string[] | undefined;
}

// Every filter is a test of the person's row in `sabt_derived.person_facet` (migration 0020):
// tagged keys under one GIN index, and the death dates as one multirange. The table is derived
// from the public views at every commit, so it says no more than they do.
function anyKey(keys: readonly string[]): RawBuilder<boolean> {
  return keys.length === 0 ? sql<boolean>`false` : sql<boolean>`f.keys && ${[...keys]}::text[]`;
}

function hasKey(key: string): RawBuilder<boolean> {
  return sql<boolean>`f.keys @> ${[key]}::text[]`;
}

// A place is a reference (entered in Sabt) or a text value from an imported list, matched by its
// normalized form against the place's public names.
function placeIs(ref: string, text: string, place: { id: string; spellings: readonly string[] }): RawBuilder<boolean> {
  return anyKey([`${ref}${place.id}`, ...place.spellings.map((s) => `${text}${s}`)]);
}

function roleIs(role: Role, victimSources: readonly string[]): RawBuilder<boolean> {
  switch (role) {
    case "official":
      return hasKey("r:official");
    case "witness":
      return hasKey("r:witness");
    case "victim":
      // Recorded as dead or held in a prison, or named on a victim list.
      return anyKey(["h:death_date", "h:prison", ...victimSources.map((s) => `l:${s}`)]);
  }
}

function conditions(f: PeopleFilter, victimSources: readonly string[]): RawBuilder<boolean> {
  const all: RawBuilder<unknown>[] = [sql`true`];
  if (f.prison) all.push(placeIs("p:", "P:", f.prison));
  if (f.city) all.push(placeIs("c:", "C:", f.city));
  if (f.listSources) all.push(anyKey(f.listSources.map((s) => `l:${s}`)));
  if (f.gender) all.push(hasKey(`g:${f.gender}`));
  if (f.death) {
    const { from, to } = f.death;
    // An empty span (a year no calendar has) matches nobody; `daterange` would refuse it.
    all.push(from > to ? sql`false` : sql`f.deaths && datemultirange(daterange(${from}::date, ${to}::date, '[]'))`);
  }
  if (f.role) all.push(roleIs(f.role, victimSources));
  if (f.initials) all.push(anyKey(f.initials.map((l) => `i:${l}`)));
  return sql<boolean>`${sql.join(all, sql` AND `)}`;
}

/** One page of public people matching the filter, by label and id (a stable order for paging). */
export async function findPeople(
  db: PublicDb,
  f: PeopleFilter,
  page: { limit: number; offset: number },
  victimSources: readonly string[] = [],
): Promise<PublicEntityRow[]> {
  // The facet row is current at every commit; the join to the view is the last word on what is public.
  const r = await sql<PublicEntityRow>`
    SELECT e.* FROM (
      SELECT f.id, f.label FROM sabt_derived.person_facet f WHERE ${conditions(f, victimSources)}
      ORDER BY f.label, f.id LIMIT ${page.limit} OFFSET ${page.offset}) f
    JOIN public_entity e ON e.id = f.id
    ORDER BY f.label, f.id`.execute(db);
  return r.rows;
}

/**
 * The public search narrowed to the people matching the filter. `few` says the filter matches
 * few people (the caller counted them): their ids are read once and each candidate is looked up
 * among them. Otherwise each candidate's facet row is tested (OFFSET 0 keeps that a lookup; as a
 * semi-join the planner may first read every person a broad filter matches, tens of thousands,
 * for a name a few hundred people bear).
 */
export function peopleMatching(f: PeopleFilter, victimSources: readonly string[], few: boolean): EntityRestriction {
  if (few) return (entityId) => sql<boolean>`${entityId} IN (SELECT f.id FROM sabt_derived.person_facet f WHERE ${conditions(f, victimSources)})`;
  return (entityId) => sql<boolean>`EXISTS (
    SELECT 1 FROM (SELECT * FROM sabt_derived.person_facet f WHERE f.id = ${entityId} OFFSET 0) f
    WHERE ${conditions(f, victimSources)})`;
}

/**
 * How many public people match the filter, counted up to `cap` (a broad filter matches tens of
 * thousands: the pager needs to know there are more, not how many exactly).
 */
export async function countPeople(db: PublicDb, f: PeopleFilter, cap: number, victimSources: readonly string[] = []): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM sabt_derived.person_facet f WHERE ${conditions(f, victimSources)} LIMIT ${cap}) x`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/**
 * Places offered as a filter for a property (`prison`, `city`): public places some public claim
 * of that property refers to, or whose public `place_type` is that kind.
 */
export async function findPlaceChoices(db: PublicDb, property: "prison" | "city"): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT e.id FROM public_entity e WHERE e.type = 'place' AND (
      -- The stored reference: a place is never folded into another, and ref_id (computed by the
      -- view) cannot use the index of references.
      EXISTS (SELECT 1 FROM public_claim c WHERE c.record_ref_id = e.id AND c.property = ${property})
      OR EXISTS (SELECT 1 FROM public_claim t WHERE t.entity_id = e.id AND t.property = 'place_type' AND t.search_key = ${property}))
    ORDER BY e.label, e.id LIMIT 500`.execute(db);
  return r.rows.map((x) => x.id);
}

/** The public names of a place (label, names, aliases, titles), as written. */
export async function findPlaceNames(db: PublicDb, placeId: string): Promise<string[]> {
  const r = await sql<{ t: string }>`
    SELECT e.label AS t FROM public_entity e WHERE e.id = ${placeId} AND e.type = 'place'
    UNION
    SELECT c.value_text FROM public_claim c JOIN public_entity e ON e.id = c.entity_id AND e.type = 'place'
    WHERE c.entity_id = ${placeId} AND c.property IN ('name', 'alias', 'title', 'label')`.execute(db);
  return r.rows.map((x) => x.t);
}

/**
 * Every public list with the ids its values cite: the list itself (imported rows cite it) and the
 * sources it publishes (its public `source` claims; entered values cite the source).
 */
export async function findListSources(db: PublicDb): Promise<Map<string, string[]>> {
  const r = await sql<{ id: string; source: string | null }>`
    SELECT e.id, c.ref_id AS source FROM public_entity e
    LEFT JOIN public_claim c ON c.entity_id = e.id AND c.property = 'source' AND c.ref_id IS NOT NULL
    WHERE e.type = 'list' ORDER BY e.label, e.id LIMIT 2000`.execute(db);
  const out = new Map<string, string[]>();
  for (const row of r.rows) {
    const ids = out.get(row.id) ?? [row.id];
    if (row.source && !ids.includes(row.source)) ids.push(row.source);
    out.set(row.id, ids);
  }
  return out;
}

