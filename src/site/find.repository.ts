/**
 * The queries behind finding people on the public site: people by filters (prison, city, list,
 * gender, role, year of death), by first letter, officials, and the filter choices. Typed against
 * the public projection only (`PublicDb`: the public views and the facets derived from them), so
 * nothing team-only or confidential is read, listed or counted.
 */
import { sql, type RawBuilder } from "kysely";
import type { PublicDb, PublicEntityRow } from "../db/index.ts";
import type { PeopleRestriction } from "../search/index.ts";
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

// A place is a reference (entered in Sabt) or a text value from an imported list, matched by its
// normalized form against the place's public names.
function placeKeys(ref: string, text: string, place: { id: string; spellings: readonly string[] }): string[] {
  return [`${ref}${place.id}`, ...place.spellings.map((s) => `${text}${s}`)];
}

function roleKeys(role: Role, victimSources: readonly string[]): string[] {
  switch (role) {
    case "official":
      return ["r:official"];
    case "witness":
      return ["r:witness"];
    case "victim":
      // Recorded as dead or held in a prison, or named on a victim list.
      return ["h:death_date", "h:prison", ...victimSources.map((s) => `l:${s}`)];
  }
}

// The keys of the Gregorian years a span of days overlaps, and of deaths spanning centuries
// (migration 0021). The span is one year of either calendar: one or two Gregorian years.
function deathYearKeys(death: { from: string; to: string }): string[] {
  const year = (day: string) => Number(day.slice(0, day.indexOf("-", 1)));
  const keys = ["y:*"];
  for (let y = year(death.from); y <= year(death.to); y++) keys.push(`y:${y}`);
  return keys;
}

/**
 * A filter as the facet keys it tests, condition by condition: a person matches when they hold
 * at least one key of every condition (and, for `death`, a death date in the span). An empty
 * condition matches nobody. The static export compares people's keys before and after an edit
 * with these to know which pages of people the edit changed.
 */
export function filterConditions(f: PeopleFilter, victimSources: readonly string[]): { keys: string[]; death?: { from: string; to: string } }[] {
  const all: { keys: string[]; death?: { from: string; to: string } }[] = [];
  if (f.prison) all.push({ keys: placeKeys("p:", "P:", f.prison) });
  if (f.city) all.push({ keys: placeKeys("c:", "C:", f.city) });
  if (f.listSources) all.push({ keys: f.listSources.map((s) => `l:${s}`) });
  if (f.gender) all.push({ keys: [`g:${f.gender}`] });
  // An empty span (a year no calendar has) matches nobody; `daterange` would refuse it.
  if (f.death) all.push(f.death.from > f.death.to ? { keys: [] } : { keys: deathYearKeys(f.death), death: f.death });
  if (f.role) all.push({ keys: roleKeys(f.role, victimSources) });
  if (f.initials) all.push({ keys: f.initials.map((l) => `i:${l}`) });
  return all;
}

function conditions(f: PeopleFilter, victimSources: readonly string[]): RawBuilder<boolean> {
  const all: RawBuilder<unknown>[] = [sql`true`];
  for (const c of filterConditions(f, victimSources)) {
    // The years' keys find the candidates through the index, the dates decide.
    all.push(c.death ? sql`${anyKey(c.keys)} AND f.deaths && datemultirange(daterange(${c.death.from}::date, ${c.death.to}::date, '[]'))` : anyKey(c.keys));
  }
  return sql<boolean>`${sql.join(all, sql` AND `)}`;
}

/**
 * The keys of each of the filter's conditions that `sabt_derived.person_facet_key` holds in label
 * order (migration 0021): lists, places, first letters, officials and witnesses, years of death.
 */
function orderedGroups(f: PeopleFilter): string[][] {
  const groups: string[][] = [];
  if (f.listSources) groups.push(f.listSources.map((s) => `l:${s}`));
  if (f.prison) groups.push(placeKeys("p:", "P:", f.prison));
  if (f.city) groups.push(placeKeys("c:", "C:", f.city));
  if (f.initials) groups.push(f.initials.map((l) => `i:${l}`));
  if (f.role === "official" || f.role === "witness") groups.push([`r:${f.role}`]);
  if (f.death && f.death.from <= f.death.to) groups.push(deathYearKeys(f.death));
  // Not gender nor "victim": each holds most people, and the walk of all people in label order
  // finds a page of them soonest.
  return groups;
}

// Up to how many people a condition's keys are counted when choosing how to read a page: below it,
// reading the condition's people in label order tests at most this many.
const DRIVER_COUNT_CAP = 1000;

/**
 * Of the groups, the one whose keys the fewest people hold, if that is fewer than the cap (counted
 * up to it); undefined when each is held by more.
 */
async function fewestHeld(db: PublicDb, groups: readonly string[][], cap: number): Promise<string[] | undefined> {
  const counts = sql.join(
    groups.map(
      (g) => sql`(SELECT count(*) FROM (SELECT 1 FROM sabt_derived.person_facet_key k WHERE k.key = ANY(${g}::text[]) LIMIT ${cap}) x)::int`,
    ),
  );
  const n = (await sql<{ n: number[] }>`SELECT ARRAY[${counts}] AS n`.execute(db)).rows[0]?.n ?? [];
  let best = 0;
  for (let i = 1; i < groups.length; i++) if ((n[i] ?? Infinity) < (n[best] ?? Infinity)) best = i;
  return (n[best] ?? Infinity) < cap ? groups[best] : undefined;
}

/**
 * The ids and labels of the first `upTo` people matching the filter, in label and id order, read
 * so that a page costs about what it shows however late in label order the filter's people come
 * (a list in Persian script sorts after every Latin label):
 *
 * - gender or "victim" alone (each holds most people): all people walked in label order;
 * - one list, place, letter, role or year: its people read in label order
 *   (`sabt_derived.person_facet_key`, one index range per key, each person tested against the
 *   whole filter; none of the first `upTo` overall is past the first `upTo` of its own key);
 * - several: the same with the one fewest people hold, when that is few; when each is held by
 *   many, the people holding all of them are fewer than any, and the facet index finds them all
 *   (sorted, not walked: `label || ''` has no index order).
 */
async function peopleInOrder(
  db: PublicDb,
  f: PeopleFilter,
  upTo: number,
  victimSources: readonly string[],
  countCap: number,
): Promise<RawBuilder<{ id: string; label: string }>> {
  const groups = orderedGroups(f);
  const where = conditions(f, victimSources);
  if (groups.length === 0) return sql`SELECT f.id, f.label FROM sabt_derived.person_facet f WHERE ${where} ORDER BY f.label, f.id LIMIT ${upTo}`;
  if (groups.some((g) => g.length === 0)) return sql`SELECT f.id, f.label FROM sabt_derived.person_facet f WHERE false`;
  const keys = groups.length === 1 ? groups[0]! : await fewestHeld(db, groups, countCap);
  if (keys === undefined) return sql`SELECT f.id, f.label FROM sabt_derived.person_facet f WHERE ${where} ORDER BY f.label || '', f.id LIMIT ${upTo}`;
  // OFFSET 0 keeps the whole filter a lookup of each person's facet row, in the order read.
  return sql.join(
    keys.map(
      (key) => sql`(SELECT k.id, k.label FROM sabt_derived.person_facet_key k
        WHERE k.key = ${key} AND EXISTS (SELECT 1 FROM (SELECT * FROM sabt_derived.person_facet f WHERE f.id = k.id OFFSET 0) f WHERE ${where})
        ORDER BY k.label, k.id LIMIT ${upTo})`,
    ),
    sql` UNION `,
  );
}

/**
 * One page of public people matching the filter, by label and id (a stable order for paging).
 * `countCap` is how few people a condition must hold to be read in label order (tests vary it).
 */
export async function findPeople(
  db: PublicDb,
  f: PeopleFilter,
  page: { limit: number; offset: number },
  victimSources: readonly string[] = [],
  countCap: number = DRIVER_COUNT_CAP,
): Promise<PublicEntityRow[]> {
  // The facet row is current at every commit; the join to the view is the last word on what is public.
  const people = await peopleInOrder(db, f, page.offset + page.limit, victimSources, countCap);
  const r = await sql<PublicEntityRow>`
    SELECT e.* FROM (
      SELECT p.id, p.label FROM (${people}) p
      ORDER BY p.label, p.id LIMIT ${page.limit} OFFSET ${page.offset}) f
    JOIN public_entity e ON e.id = f.id
    ORDER BY f.label, f.id`.execute(db);
  return r.rows;
}

/** The public search narrowed to the people matching the filter: a condition on their facet row. */
export function peopleMatching(f: PeopleFilter, victimSources: readonly string[]): PeopleRestriction {
  return conditions(f, victimSources);
}

/**
 * How many public people match the filter, counted up to `cap` (a broad filter matches tens of
 * thousands: the pager needs to know there are more, not how many exactly).
 */
export async function countPeople(db: PublicDb, f: PeopleFilter, cap: number, victimSources: readonly string[] = []): Promise<number> {
  const groups = orderedGroups(f);
  const single = groups.length === 1 && groups[0]!.length === 1 && Object.values(f).filter((v) => v !== undefined).length === 1;
  // A filter of one key (a letter, a list): the people holding it are one range of the ordered
  // keys' index, counted without visiting the facet rows (tens of milliseconds for 10,000).
  const r = single
    ? await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM sabt_derived.person_facet_key k WHERE k.key = ${groups[0]![0]!} LIMIT ${cap}) x`.execute(db)
    : await sql<{ n: number }>`
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
  // The names through the function whose plan is kept (migration 0022), once the place is known public.
  const r = await sql<{ t: string }>`
    SELECT e.label AS t FROM public_entity e WHERE e.id = ${placeId} AND e.type = 'place'
    UNION
    SELECT c.value_text FROM sabt_public_claims_of(ARRAY[${placeId}]::text[], ARRAY['name', 'alias', 'title', 'label']) c
    WHERE EXISTS (SELECT 1 FROM public_entity e WHERE e.id = ${placeId} AND e.type = 'place')`.execute(db);
  return r.rows.map((x) => x.t);
}

/**
 * Every public list with the ids its values cite: the list itself (imported rows cite it) and the
 * sources it publishes (its public `source` claims; entered values cite the source).
 */
export async function findListSources(db: PublicDb): Promise<Map<string, string[]>> {
  const r = await sql<{ id: string; source: string | null }>`
    SELECT e.id, c.ref_id AS source FROM public_entity e
    LEFT JOIN LATERAL sabt_public_claims_of(ARRAY[e.id], ARRAY['source']) c ON c.ref_id IS NOT NULL
    WHERE e.type = 'list' ORDER BY e.label, e.id LIMIT 2000`.execute(db);
  const out = new Map<string, string[]>();
  for (const row of r.rows) {
    const ids = out.get(row.id) ?? [row.id];
    if (row.source && !ids.includes(row.source)) ids.push(row.source);
    out.set(row.id, ids);
  }
  return out;
}

