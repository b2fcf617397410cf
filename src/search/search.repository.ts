import { sql, type RawBuilder } from "kysely";
import type { Db, PublicDb } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";

/** One search hit: an entity and how well it matched. */
export interface SearchHitRow {
  id: string;
  type: string;
  slug: string;
  label: string;
  score: number;
}

/** The two forms of a query: its phonetic name key and its normalized text. */
export interface SearchKeys {
  phonetic: string;
  normalized: string;
}

/**
 * What a query's terms must match: for each alternative spelling of the query (phonetic key,
 * normalized text), one list per query term of the stored terms that count as that term. A
 * claim matches an alternative when it holds, for every query term, at least one of its terms.
 */
export type TermAlternatives = readonly (readonly (readonly string[])[])[];

/**
 * The best hits, and whether the candidate bound was reached (more claims match than were
 * scored), in which case a wider pass cannot add better hits than the ones found.
 */
export interface SearchPage {
  hits: SearchHitRow[];
  saturated: boolean;
}

/**
 * Options shared by both searches; `candidates` bounds the claims read and `entities` the
 * entities scored. With `similarOnly` a claim must also pass pg_trgm's word-similarity test of
 * the whole query (`<%`), as every match had to before terms existed: used when the terms were
 * widened to similar ones.
 */
export interface SearchOptions {
  type?: string | undefined;
  limit: number;
  candidates: number;
  entities: number;
  similarOnly?: boolean;
}

/**
 * Narrows a public search to some people: a condition on a person's row `f` of
 * `sabt_derived.person_facet` (the public site's filters: people of a prison, a list, a year).
 * Such a search reads the facets alone, where the name and the filters are one index probe, so
 * that the candidates read and scored are all people the filters describe.
 */
export type PeopleRestriction = RawBuilder<boolean>;

function similarEnough(keys: SearchKeys, on: boolean, searchKey: RawBuilder<unknown> = sql.ref("c.search_key")) {
  return on ? sql`AND (${keys.phonetic} <% ${searchKey} OR ${keys.normalized} <% ${searchKey})` : sql``;
}

/**
 * The query's terms, split exactly as stored terms are (`sabt_search_terms`, migration 0007),
 * so that both sides agree on every engine: one list per phonetic reading of the query (its
 * compounds joined or apart), in the given order, and one for its normalized text.
 */
export async function findQueryTerms(
  db: Db,
  phoneticReadings: readonly string[],
  normalized: string,
): Promise<{ phonetic: string[][]; normalized: string[] }> {
  const r = await sql<{ p: string[] | null; n: string[] | null }>`
    SELECT (SELECT coalesce(array_agg(array_to_string(sabt_search_terms(k), ' ') ORDER BY i), '{}')
              FROM unnest(${phoneticReadings as string[]}::text[]) WITH ORDINALITY AS r(k, i)) AS p,
           sabt_search_terms(${normalized}) AS n`.execute(db);
  const readings = (r.rows[0]?.p ?? []).map((k) => k.split(" ").filter((t) => t !== ""));
  return { phonetic: readings.filter((t) => t.length > 0), normalized: r.rows[0]?.n ?? [] };
}

/**
 * Stored terms that resemble each query term by trigram similarity (a misspelling, a prefix, a
 * variant the phonetic key does not join), best first by word similarity, from the vocabulary of
 * distinct terms; small, so its trigram index answers quickly where one over every claim did not.
 * With `publicOnly` (anonymous searches) only terms that have appeared in public claims are used.
 */
export async function findSimilarTerms(
  db: Db,
  terms: readonly string[],
  opts: { perTerm: number; publicOnly: boolean },
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(terms.map((t) => [t, [t]]));
  if (terms.length === 0) return out;
  const r = await sql<{ q: string; term: string }>`
    SELECT q.q, v.term
    FROM unnest(${terms as string[]}::text[]) AS q(q)
    CROSS JOIN LATERAL (
      SELECT s.term FROM sabt_derived.search_term s
      WHERE q.q % s.term ${opts.publicOnly ? sql`AND s.public` : sql``}
      ORDER BY word_similarity(q.q, s.term) DESC, s.term
      LIMIT ${opts.perTerm}
    ) v`.execute(db);
  for (const row of r.rows) {
    const list = out.get(row.q)!;
    if (!list.includes(row.term)) list.push(row.term);
  }
  return out;
}

/** `terms` holds at least one of each group, for one of the alternatives (an index condition). */
function matchTerms(terms: RawBuilder<unknown>, alternatives: TermAlternatives): RawBuilder<boolean> {
  const usable = alternatives.filter((groups) => groups.length > 0 && groups.every((g) => g.length > 0));
  if (usable.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    usable.map(
      (groups) =>
        sql`(${sql.join(
          groups.map((g) => (g.length === 1 ? sql`${terms} @> ARRAY[${g[0]}]::text[]` : sql`${terms} && ${g as string[]}::text[]`)),
          sql` AND `,
        )})`,
    ),
    sql` OR `,
  )})`;
}

function page(rows: readonly (SearchHitRow & { seen: number })[], candidates: number): SearchPage {
  return {
    hits: rows.map(({ id, type, slug, label, score }) => ({ id, type, slug, label, score })),
    saturated: (rows[0]?.seen ?? 0) >= candidates,
  };
}

function score(keys: SearchKeys, searchKey: RawBuilder<unknown>) {
  return sql`greatest(word_similarity(${keys.phonetic}, ${searchKey}), word_similarity(${keys.normalized}, ${searchKey}))`;
}

/**
 * Ranks the matching claims found by `matches` (entity_id, search_key; at most
 * `opts.candidates` of them): at most `opts.entities` of their entities are scored, each by its
 * best claim, and the best `opts.limit` are returned with the entity columns from `entities`.
 * Scoring (trigram word similarity) is what costs, so it runs on a bounded set.
 */
async function rankMatches(
  db: Db | PublicDb,
  keys: SearchKeys,
  matches: RawBuilder<unknown>,
  entities: "entity" | "public_entity",
  opts: SearchOptions,
): Promise<SearchPage> {
  const r = await sql<SearchHitRow & { seen: number }>`
    WITH matches AS MATERIALIZED (${matches} LIMIT ${opts.candidates}),
    picked AS (SELECT entity_id FROM matches GROUP BY entity_id LIMIT ${opts.entities}),
    scored AS (
      SELECT m.entity_id, max(${score(keys, sql.ref("m.search_key"))}) AS score
      FROM matches m WHERE m.entity_id IN (SELECT entity_id FROM picked)
      GROUP BY m.entity_id
    )
    SELECT e.id, e.type, e.slug, e.label, s.score::float8 AS score, (SELECT count(*) FROM matches)::int AS seen
    FROM scored s JOIN ${sql.table(entities)} e ON e.id = s.entity_id
    ORDER BY score DESC, e.label, e.id
    LIMIT ${opts.limit}`.execute(db);
  return page(r.rows, opts.candidates);
}

/**
 * Entities whose claims hold the query's terms (names in any script or spelling, words of text
 * values), best first. Only claims and entities at the given visibilities are considered. At
 * most `candidates` matching claims are read, and the best of their first `entities` entities
 * returned: the term index finds them without reading the rest, which is what keeps a search
 * for a very common name fast; among equally good matches (every claim holding the whole name
 * scores 1) those are as good as any.
 */
export async function searchEntities(
  db: Db,
  keys: SearchKeys,
  alternatives: TermAlternatives,
  opts: SearchOptions & { visibilities: readonly Visibility[] },
): Promise<SearchPage> {
  const vis = opts.visibilities as Visibility[];
  const matches = sql`
    SELECT c.entity_id, c.search_key
    FROM claim c
    -- LATERAL … OFFSET 0 keeps the claims' term index in the lead, with one primary-key lookup
    -- per matching claim: with stale statistics (PGlite has no autovacuum) the planner otherwise
    -- may start from the entities and probe the term index once per entity, taking seconds.
    JOIN LATERAL (SELECT e.visibility, e.type FROM entity e WHERE e.id = c.entity_id OFFSET 0) e ON true
    WHERE c.search_key <> '' AND ${matchTerms(sql`sabt_search_terms(c.search_key)`, alternatives)}
      ${similarEnough(keys, opts.similarOnly ?? false)}
      AND c.visibility = ANY(${vis}::text[]) AND c.status <> 'retracted'
      AND e.visibility = ANY(${vis}::text[]) ${opts.type ? sql`AND e.type = ${opts.type}` : sql``}`;
  return rankMatches(db, keys, matches, "entity", opts);
}

/** The same search over the public projection only (public claims of public entities). */
export async function searchPublicEntities(
  db: PublicDb,
  keys: SearchKeys,
  alternatives: TermAlternatives,
  opts: SearchOptions,
): Promise<SearchPage> {
  const matches = sql`
    SELECT c.entity_id, c.search_key
    FROM public_claim c JOIN public_entity e ON e.id = c.entity_id
    WHERE c.search_key <> '' AND ${matchTerms(sql`sabt_search_terms(c.search_key)`, alternatives)}
      ${similarEnough(keys, opts.similarOnly ?? false)}
      ${opts.type ? sql`AND e.type = ${opts.type}` : sql``}`;
  return rankMatches(db, keys, matches, "public_entity", opts);
}

/** `alternatives` as facet keys: each term `t` is held as `t:t` (migration 0021). */
function facetTerms(alternatives: TermAlternatives): TermAlternatives {
  return alternatives.map((groups) => groups.map((g) => g.map((t) => `t:${t}`)));
}

/**
 * The public search over people only, narrowed by `within`, read from the facets the public views
 * derive (`sabt_derived.person_facet`, migrations 0020–0021): a person matches when one of their
 * public search keys holds every query term, as a claim must in `searchPublicEntities`. The
 * facet index finds the people holding all terms and the filters in one probe; each of their
 * keys is then tested alone, so that terms spread over two values do not make a match.
 */
export async function searchPublicPeople(
  db: PublicDb,
  keys: SearchKeys,
  alternatives: TermAlternatives,
  opts: SearchOptions & { within: PeopleRestriction },
): Promise<SearchPage> {
  const matches = sql`
    SELECT f.id AS entity_id, k.k AS search_key
    FROM sabt_derived.person_facet f CROSS JOIN LATERAL unnest(f.search_keys) k(k)
    WHERE ${matchTerms(sql`f.keys`, facetTerms(alternatives))} AND ${opts.within}
      AND ${matchTerms(sql`sabt_search_terms(k.k)`, alternatives)}
      ${similarEnough(keys, opts.similarOnly ?? false, sql.ref("k.k"))}`;
  return rankMatches(db, keys, matches, "public_entity", opts);
}

/**
 * Entities whose confidential claims hold every term of one of the alternatives, through the
 * blind index (src/crypto/blind-index.ts): `alternatives` gives, for each query term, its MACs
 * under every key. Sealed terms match whole terms only, so a hit is an exact match (score 1).
 * Only for viewers who may read confidential values; `visibilities` bounds the entities.
 */
export async function searchSealedEntities(
  db: Db,
  alternatives: readonly (readonly (readonly string[])[])[],
  opts: { type?: string | undefined; limit: number; candidates: number; visibilities: readonly Visibility[] },
): Promise<SearchHitRow[]> {
  const usable = alternatives.filter((groups) => groups.length > 0);
  if (usable.length === 0) return [];
  const all = [...new Set(usable.flat(2))];
  const hasAll = sql.join(
    usable.map((groups) => sql`(${sql.join(groups.map((g) => sql`bool_or(t.mac = ANY(${g as string[]}::text[]))`), sql` AND `)})`),
    sql` OR `,
  );
  const r = await sql<SearchHitRow>`
    WITH matched AS MATERIALIZED (
      SELECT t.claim_id FROM claim_sealed_term t
      WHERE t.mac = ANY(${all}::text[])
      GROUP BY t.claim_id HAVING ${hasAll}
      LIMIT ${opts.candidates}
    )
    SELECT DISTINCT ON (e.id) e.id, e.type, e.slug, e.label, 1::float8 AS score
    FROM matched m
    JOIN claim c ON c.id = m.claim_id AND c.visibility = 'confidential' AND c.status <> 'retracted'
    JOIN entity e ON e.id = c.entity_id
    WHERE e.visibility = ANY(${opts.visibilities as Visibility[]}::text[]) ${opts.type ? sql`AND e.type = ${opts.type}` : sql``}
    ORDER BY e.id
    LIMIT ${opts.limit}`.execute(db);
  return r.rows;
}
