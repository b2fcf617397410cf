/**
 * The queries behind finding people on the public site: people by filters (prison, city, list,
 * gender, role, year of death), by first letter, officials, and the filter choices. Typed against
 * the public projection only (`PublicDb`), so nothing team-only or confidential is read, listed or
 * counted. Every person query reads `public_claim.entity_id`, whichever list rows the claims came from.
 */
import { sql, type RawBuilder } from "kysely";
import type { PublicDb, PublicEntityRow } from "../db/index.ts";
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
  /** Only these people, in this order (the hits of a text search). */
  ids?: readonly string[] | undefined;
  /** Label or a name matching one of these `LIKE` patterns (normalized prefixes, see `likePrefix`). */
  prefixes?: readonly string[] | undefined;
}

// Relations a person can be an official by: holding a position, being accused in a legal case.
const OFFICIAL_PROPERTIES = ["holder", "accused"];

// Each filter is a semi-join on the public claims that satisfy it (`e.id IN (…)`), which the
// planner may run either way: probing a person's claims while walking people in label order (a
// broad filter fills a page quickly), or hashing the few people a narrow filter finds through the
// claims' indexes. Correlated EXISTS over the view left it only the first, slow for narrow filters.
function having(claims: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`e.id IN (SELECT c.entity_id FROM public_claim c WHERE ${claims})`;
}

function referredBy(claims: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`e.id IN (SELECT c.ref_id FROM public_claim c WHERE ${claims})`;
}

function placeIs(property: string, place: { id: string; spellings: readonly string[] }): RawBuilder<boolean> {
  // A place is a reference (entered in Sabt) or a text value from an imported list, matched by
  // its normalized form against the place's public names.
  const text = place.spellings.length > 0 ? sql`OR c.search_key = ANY(${[...place.spellings]}::text[])` : sql``;
  return having(sql`c.property = ${property} AND (c.ref_id = ${place.id} ${text})`);
}

/**
 * A public name citing one of the sources: the person is named on the list in public. One
 * containment test per source, so each can use the GIN index of citations.
 */
function namedIn(sources: readonly string[]): RawBuilder<boolean> {
  return sources.length === 0 ? sql<boolean>`false` : having(sql`c.property = 'name' AND ${citesAny(sources)}`);
}

function citesAny(sources: readonly string[]): RawBuilder<boolean> {
  if (sources.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    sources.map((s) => sql`c.sources @> ${JSON.stringify([{ sourceId: s }])}::jsonb`),
    sql` OR `,
  )})`;
}

function roleIs(role: Role, victimSources: readonly string[]): RawBuilder<boolean> {
  switch (role) {
    case "official":
      return referredBy(sql`c.property = ANY(${OFFICIAL_PROPERTIES}::text[])`);
    case "witness":
      return referredBy(sql`c.property = 'participant'
        AND EXISTS (SELECT 1 FROM public_claim r WHERE r.entity_id = c.entity_id AND r.property = 'role' AND r.search_key = 'witness')`);
    case "victim":
      // Recorded as dead or held in a prison, or named on a victim list: one semi-join (an OR of
      // several kept the planner from hashing any of them).
      return having(sql`(c.property IN ('death_date', 'prison') OR (c.property = 'name' AND ${citesAny(victimSources)}))`);
  }
}

function conditions(f: PeopleFilter, victimSources: readonly string[]): RawBuilder<boolean> {
  const all: RawBuilder<unknown>[] = [sql`e.type = 'person'`];
  if (f.ids) all.push(sql`e.id = ANY(${[...f.ids]}::text[])`);
  if (f.prison) all.push(placeIs("prison", f.prison));
  if (f.city) all.push(placeIs("city", f.city));
  if (f.listSources) all.push(namedIn(f.listSources));
  if (f.gender) all.push(having(sql`c.property = 'gender' AND c.search_key = ${f.gender}`));
  if (f.death) {
    all.push(having(sql`c.property = 'death_date' AND c.date_earliest <= ${f.death.to}::date AND c.date_latest >= ${f.death.from}::date`));
  }
  if (f.role) all.push(roleIs(f.role, victimSources));
  if (f.prefixes) {
    const likes = f.prefixes.map((p) => sql`c.search_key LIKE ${p}`);
    const labels = f.prefixes.map((p) => sql`lower(e.label) LIKE ${p}`);
    all.push(sql`(${sql.join(labels, sql` OR `)} OR ${having(sql`c.property = 'name' AND (${sql.join(likes, sql` OR `)})`)})`);
  }
  return sql<boolean>`${sql.join(all, sql` AND `)}`;
}

/**
 * One page of public people matching the filter: in the order of `ids` when given (search rank),
 * else by label and id, a stable order for paging.
 */
export async function findPeople(
  db: PublicDb,
  f: PeopleFilter,
  page: { limit: number; offset: number },
  victimSources: readonly string[] = [],
): Promise<PublicEntityRow[]> {
  const order = f.ids ? sql`array_position(${[...f.ids]}::text[], e.id)` : sql`e.label, e.id`;
  const r = await sql<PublicEntityRow>`
    SELECT e.* FROM public_entity e WHERE ${conditions(f, victimSources)}
    ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db);
  return r.rows;
}

/**
 * How many public people match the filter, counted up to `cap` (a broad filter matches tens of
 * thousands: the pager needs to know there are more, not how many exactly).
 */
export async function countPeople(db: PublicDb, f: PeopleFilter, cap: number, victimSources: readonly string[] = []): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM public_entity e WHERE ${conditions(f, victimSources)} LIMIT ${cap}) x`.execute(db);
  return r.rows[0]?.n ?? 0;
}

/**
 * Places offered as a filter for a property (`prison`, `city`): public places some public claim
 * of that property refers to, or whose public `place_type` is that kind.
 */
export async function findPlaceChoices(db: PublicDb, property: "prison" | "city"): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT e.id FROM public_entity e WHERE e.type = 'place' AND (
      EXISTS (SELECT 1 FROM public_claim c WHERE c.ref_id = e.id AND c.property = ${property})
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

