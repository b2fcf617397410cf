import { type Kysely, sql } from "kysely";
import { FILTER_KEYS, REFRESH as REFRESH_0020, REFS, refreshFunction } from "./2026_12_06_0020_person_facets.ts";

/**
 * A name searched with filters, from the facets alone (issue 12: search with filters p95 < 50 ms
 * at 100,000 people). The filtered search matched claims through the `public_claim` view and then
 * tested each candidate's facet row: planning the view's query (tens of milliseconds on PGlite)
 * and counting the filter's people to choose a plan cost more than the search. A person's facet
 * row now also holds what the public search matches:
 *
 * - `search_keys`: the search keys of the person's public claims (folded records' included),
 *   distinct and sorted; a match is still a claim holding every query term, tested key by key.
 * - `t:` keys: every term of those search keys (`sabt_search_terms`), in the same GIN index as the
 *   filters, so that a name and the filters are one index probe.
 * - `y:` keys: the Gregorian years a public death date overlaps (`y:*` for a span of 200 years or
 *   more), so that "died in year Y" (in either calendar: at most two Gregorian years) is an index
 *   probe too; the `deaths` multirange still decides.
 *
 * The recompute below is migration 0020's with these three added.
 *
 * And a page of people by filter (a list, a prison, a city, a first letter) is read in label order
 * from `sabt_derived.person_facet_key`, one row per person and such key, ordered by key, label and
 * id. Walking the label index of all people and testing each one's keys read tens of thousands of
 * rows whenever the filter's people sort late: a list written in Persian script sorts after every
 * Latin label.
 */
// The kinds of key a page of people is read by in label order (see find.repository.ts): lists,
// prisons and cities (as references and as text), first letters, officials and witnesses, years.
const ORDERED_KINDS = ["l:", "p:", "P:", "c:", "C:", "i:", "r:", "y:"].map((k) => `'${k}'`).join(", ");

const REFRESH = sql.raw(`
  WITH p AS (
    SELECT e.id, e.label FROM public_entity e WHERE e.id = ANY(persons) AND e.type = 'person'
  ), own AS (
    SELECT c.entity_id AS id,
      array_agg(DISTINCT k.k) FILTER (WHERE k.k IS NOT NULL) AS keys,
      array_agg(DISTINCT c.search_key) FILTER (WHERE c.search_key <> '') AS search_keys,
      range_agg(daterange(c.date_earliest, c.date_latest, '[]')) FILTER (WHERE c.property = 'death_date'
        AND c.date_earliest IS NOT NULL AND c.date_latest IS NOT NULL AND c.date_earliest <= c.date_latest) AS deaths
    FROM public_claim c
    CROSS JOIN LATERAL unnest(${FILTER_KEYS}
      || ARRAY(SELECT 't:' || t FROM unnest(CASE WHEN c.search_key <> '' THEN sabt_search_terms(c.search_key) END) t)
      || ARRAY(SELECT CASE WHEN s.span < 200 THEN 'y:' || (s.first + i) ELSE 'y:*' END
               FROM (SELECT extract(year FROM c.date_earliest)::int AS first,
                            extract(year FROM c.date_latest)::int - extract(year FROM c.date_earliest)::int AS span
                     WHERE c.property = 'death_date' AND c.date_earliest IS NOT NULL AND c.date_latest IS NOT NULL
                       AND c.date_earliest <= c.date_latest) s
               CROSS JOIN LATERAL generate_series(0, CASE WHEN s.span < 200 THEN s.span ELSE 0 END) i)) k(k)
    WHERE c.entity_id = ANY(ARRAY(SELECT id FROM p))
    GROUP BY c.entity_id
  ), ${REFS}
  INSERT INTO sabt_derived.person_facet (id, label, keys, deaths, search_keys)
  SELECT p.id, p.label,
    ARRAY(SELECT DISTINCT k FROM unnest(coalesce(own.keys, '{}') || coalesce(refs.keys, '{}') || ('i:' || left(lower(p.label), 1))) k ORDER BY k),
    own.deaths, coalesce(own.search_keys, '{}')
  FROM p LEFT JOIN own ON own.id = p.id LEFT JOIN refs ON refs.id = p.id;
  INSERT INTO sabt_derived.person_facet_key (key, label, id)
  SELECT k.k, f.label, f.id FROM sabt_derived.person_facet f CROSS JOIN LATERAL unnest(f.keys) k(k)
  WHERE f.id = ANY(persons) AND left(k.k, 2) IN (${ORDERED_KINDS})`);

// The people's rows of the ordered keys, found by their primary key from the facet rows about to go.
const DELETE_KEYS = sql.raw(`
  DELETE FROM sabt_derived.person_facet_key k
  USING (SELECT f.id, f.label, x.k FROM sabt_derived.person_facet f CROSS JOIN LATERAL unnest(f.keys) x(k)
         WHERE f.id = ANY(persons) AND left(x.k, 2) IN (${ORDERED_KINDS})) o
  WHERE k.key = o.k AND k.label = o.label AND k.id = o.id;`);

/** Adds the search keys and terms to every person's facets and recomputes them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE sabt_derived.person_facet ADD COLUMN search_keys text[] NOT NULL DEFAULT '{}'`.execute(db);
  // Every search reads GIN's queue of new entries until it is merged, and PGlite never vacuums:
  // a small queue, as for the claims' term index (migration 0007).
  await sql`ALTER INDEX sabt_derived.person_facet_keys_idx SET (gin_pending_list_limit = 256)`.execute(db);
  // The vocabulary's trigram index answers the fuzzy pass of every search. With a queue of new
  // entries (up to 4 MB by default) the planner costs the index above reading all terms, and a
  // fuzzy pass took about 20 ms per query term on PGlite instead of under 1. Vocabulary grows by a
  // few new terms per import batch: entering them directly costs little.
  await sql`ALTER INDEX sabt_derived.search_term_trgm_idx SET (fastupdate = off)`.execute(db);
  await sql`SELECT gin_clean_pending_list('sabt_derived.search_term_trgm_idx'::regclass)`.execute(db);
  await sql`
    CREATE TABLE sabt_derived.person_facet_key (
      key text NOT NULL,
      label text NOT NULL,
      id text NOT NULL,
      PRIMARY KEY (key, label, id)
    )`.execute(db);
  await refreshFunction(REFRESH, DELETE_KEYS).execute(db);
  await sql`SELECT sabt_derived.refresh_person_facets(ARRAY(SELECT id FROM entity WHERE type = 'person'))`.execute(db);
  await sql`ANALYZE sabt_derived.person_facet, sabt_derived.person_facet_key`.execute(db);
}

/** Back to migration 0020's facets: its recompute, without search keys or terms. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await refreshFunction(REFRESH_0020).execute(db);
  await sql`DROP TABLE sabt_derived.person_facet_key`.execute(db);
  await sql`ALTER TABLE sabt_derived.person_facet DROP COLUMN search_keys`.execute(db);
  await sql`ALTER INDEX sabt_derived.person_facet_keys_idx RESET (gin_pending_list_limit)`.execute(db);
  await sql`ALTER INDEX sabt_derived.search_term_trgm_idx RESET (fastupdate)`.execute(db);
  await sql`SELECT sabt_derived.refresh_person_facets(ARRAY(SELECT id FROM entity WHERE type = 'person'))`.execute(db);
}
