import { type Kysely, type RawBuilder, sql } from "kysely";

/**
 * Finding people fast (issue 12: search with filters p95 < 50 ms at 100,000 people). Filtering
 * through the folding views meant semi-joins over tens of thousands of claims per query (a large
 * list alone took a second). `sabt_derived.person_facet` holds one row per public person (as the
 * public projection shows it: list rows folded in) with what the filters ask, read from the
 * public views only:
 *
 * - `keys`: tagged values under one GIN index. `g:` gender; `p:`/`P:` a prison as a referenced
 *   place or as normalized text, `c:`/`C:` the same for the city; `l:` a source a public name
 *   cites (a list, or the source it publishes); `i:` the first letter of the label or a name;
 *   `h:death_date`, `h:prison` (what makes someone a victim, with a name on a victim list);
 *   `r:official`, `r:witness` (referred to by a public holder, accused or witness's participant).
 * - `deaths`: the public death dates as one multirange of days, for "died in year Y".
 *
 * It is derived data and never holds more than the views show, so it is exact at every commit:
 * statement triggers on `entity`, `claim` and `person_merge` note the records a change may touch
 * (`person_facet_dirty`), and one deferred trigger per transaction recomputes their people just
 * before commit, from the views as the transaction leaves them. A change that can widen to other
 * people is followed: a record's visibility or review (the people whose claims refer to it, and
 * the people its own claims refer to, as a witness's participation does), a merge (the person a
 * record is folded into, and the records folded into a person). Like the search vocabulary it
 * lives in `sabt_derived`, which backups leave out; a restore rebuilds it through the triggers.
 */

// The people's roles from the public claims that refer to them (or to a record folded into them).
// Shared with migration 0021, whose recompute also reads them.
export const REFS = `refs AS (
    SELECT r.ref_id AS id,
      array_agg(DISTINCT CASE WHEN r.property = 'participant' THEN 'r:witness' ELSE 'r:official' END) AS keys
    FROM public_claim r
    WHERE r.record_ref_id = ANY(ARRAY(
        SELECT id FROM p UNION ALL SELECT m.entity_id FROM person_merge m WHERE m.canonical_id = ANY(ARRAY(SELECT id FROM p))))
      AND (r.property IN ('holder', 'accused') OR (r.property = 'participant' AND EXISTS (
        -- The participation's role, tested as public_claim does (a role is a text value: no reference).
        SELECT 1 FROM claim w WHERE w.entity_id = r.record_id AND w.property = 'role' AND w.search_key = 'witness'
          AND w.visibility = 'public' AND w.review = 'approved' AND w.status <> 'retracted' AND w.ref_id IS NULL)))
    GROUP BY r.ref_id
  )`;

// A public claim's filter keys (one array, NULL where a kind does not apply to the claim).
// Shared with migration 0021, which adds search terms and years to them.
export const FILTER_KEYS = `ARRAY[
        CASE WHEN c.property = 'gender' THEN 'g:' || c.search_key END,
        CASE WHEN c.property = 'prison' AND c.ref_id IS NOT NULL THEN 'p:' || c.ref_id END,
        CASE WHEN c.property = 'prison' AND c.search_key <> '' THEN 'P:' || c.search_key END,
        CASE WHEN c.property = 'city' AND c.ref_id IS NOT NULL THEN 'c:' || c.ref_id END,
        CASE WHEN c.property = 'city' AND c.search_key <> '' THEN 'C:' || c.search_key END,
        CASE WHEN c.property = 'name' AND c.search_key <> '' THEN 'i:' || left(c.search_key, 1) END,
        CASE WHEN c.property IN ('death_date', 'prison') THEN 'h:' || c.property END]
      || ARRAY(SELECT 'l:' || (s ->> 'sourceId') FROM jsonb_array_elements(
        CASE WHEN c.property = 'name' AND jsonb_typeof(c.sources) = 'array' THEN c.sources ELSE '[]'::jsonb END) s)`;

// Recomputes the facet rows of the people `persons` (text[]), set-wise: the people's public claims
// (their folded records' included) in one read, the public claims that refer to them (or to a
// record folded into them) in another, each an index lookup by key. Each view is named once, as
// planning the views costs more than reading a few people's claims. Migration 0021 restores it on
// the way down.
export const REFRESH = sql.raw(`
  WITH p AS (
    SELECT e.id, e.label FROM public_entity e WHERE e.id = ANY(persons) AND e.type = 'person'
  ), own AS (
    SELECT c.entity_id AS id,
      array_agg(DISTINCT k.k) FILTER (WHERE k.k IS NOT NULL) AS keys,
      range_agg(daterange(c.date_earliest, c.date_latest, '[]')) FILTER (WHERE c.property = 'death_date'
        AND c.date_earliest IS NOT NULL AND c.date_latest IS NOT NULL AND c.date_earliest <= c.date_latest) AS deaths
    FROM public_claim c
    CROSS JOIN LATERAL unnest(${FILTER_KEYS}) k(k)
    WHERE c.entity_id = ANY(ARRAY(SELECT id FROM p))
    GROUP BY c.entity_id
  ), ${REFS}
  INSERT INTO sabt_derived.person_facet (id, label, keys, deaths)
  SELECT p.id, p.label,
    ARRAY(SELECT DISTINCT k FROM unnest(coalesce(own.keys, '{}') || coalesce(refs.keys, '{}') || ('i:' || left(lower(p.label), 1))) k ORDER BY k),
    own.deaths
  FROM p LEFT JOIN own ON own.id = p.id LEFT JOIN refs ON refs.id = p.id`);

// The statement triggers that note dirty records: per table and event, the ids a change touches.
const MARKERS: readonly { name: string; table: string; event: "INSERT" | "UPDATE" | "DELETE"; ids: string }[] = [
  { name: "claim_facets_ins", table: "claim", event: "INSERT", ids: "SELECT entity_id FROM new_rows UNION SELECT ref_id FROM new_rows" },
  {
    name: "claim_facets_upd",
    table: "claim",
    event: "UPDATE",
    ids: "SELECT entity_id FROM new_rows UNION SELECT ref_id FROM new_rows UNION SELECT entity_id FROM old_rows UNION SELECT ref_id FROM old_rows",
  },
  { name: "claim_facets_del", table: "claim", event: "DELETE", ids: "SELECT entity_id FROM old_rows UNION SELECT ref_id FROM old_rows" },
  { name: "entity_facets_ins", table: "entity", event: "INSERT", ids: "SELECT id FROM new_rows" },
  { name: "entity_facets_del", table: "entity", event: "DELETE", ids: "SELECT id FROM old_rows" },
  { name: "person_merge_facets_ins", table: "person_merge", event: "INSERT", ids: "SELECT entity_id FROM new_rows UNION SELECT canonical_id FROM new_rows" },
  {
    name: "person_merge_facets_upd",
    table: "person_merge",
    event: "UPDATE",
    ids: "SELECT entity_id FROM new_rows UNION SELECT canonical_id FROM new_rows UNION SELECT entity_id FROM old_rows UNION SELECT canonical_id FROM old_rows",
  },
  { name: "person_merge_facets_del", table: "person_merge", event: "DELETE", ids: "SELECT entity_id FROM old_rows UNION SELECT canonical_id FROM old_rows" },
];

/**
 * The function that recomputes the people shown for some records, around a recompute statement
 * (this migration's, or a later one's that fills more; `beforeDelete` runs while the people's old
 * rows are still there).
 */
export function refreshFunction(refresh: RawBuilder<unknown>, beforeDelete: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  // An advisory lock orders concurrent transactions of several servers, so each reads the other's
  // committed change.
  return sql`
    CREATE OR REPLACE FUNCTION sabt_derived.refresh_person_facets(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE persons text[];
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('sabt_derived.person_facet'));
      -- A participation's role makes its participants witnesses: a change of any of its claims
      -- touches them. Then the person each record is folded into, and the records folded into it.
      SELECT ids || ARRAY(SELECT c.ref_id FROM claim c
                          WHERE c.entity_id = ANY(ids) AND c.property = 'participant' AND c.ref_id IS NOT NULL)
        INTO persons;
      SELECT coalesce(array_agg(DISTINCT x), '{}') INTO persons FROM (
        SELECT unnest(persons) AS x
        UNION ALL SELECT m.canonical_id FROM person_merge m WHERE m.entity_id = ANY(persons)
        UNION ALL SELECT m.entity_id FROM person_merge m WHERE m.canonical_id = ANY(persons)) s;
      ${beforeDelete}
      DELETE FROM sabt_derived.person_facet f WHERE f.id = ANY(persons);
      ${refresh};
    END $$`;
}

/** Adds the facet table, its upkeep and fills it. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sabt_derived.person_facet (
      id text PRIMARY KEY,
      label text NOT NULL,
      keys text[] NOT NULL,
      deaths datemultirange
    )`.execute(db);
  // Label order is the order of every people listing; a broad filter walks it and stops at a page.
  await sql`CREATE INDEX person_facet_label_idx ON sabt_derived.person_facet (label, id)`.execute(db);
  await sql`CREATE INDEX person_facet_keys_idx ON sabt_derived.person_facet USING gin (keys)`.execute(db);
  await sql`CREATE TABLE sabt_derived.person_facet_dirty (id text PRIMARY KEY)`.execute(db);
  // One row per writing transaction: its insert queues the one deferred recompute.
  await sql`CREATE TABLE sabt_derived.person_facet_pending (tx xid8 PRIMARY KEY)`.execute(db);

  await refreshFunction(REFRESH).execute(db);

  await sql`
    CREATE FUNCTION sabt_derived.flush_person_facets() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE ids text[];
    BEGIN
      DELETE FROM sabt_derived.person_facet_pending WHERE tx = NEW.tx;
      WITH d AS (DELETE FROM sabt_derived.person_facet_dirty RETURNING id) SELECT array_agg(id) INTO ids FROM d;
      IF ids IS NOT NULL THEN PERFORM sabt_derived.refresh_person_facets(ids); END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE CONSTRAINT TRIGGER person_facet_flush AFTER INSERT ON sabt_derived.person_facet_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION sabt_derived.flush_person_facets()`.execute(db);

  // Notes records as dirty and queues this transaction's recompute (once).
  await sql`
    CREATE FUNCTION sabt_derived.mark_person_facets(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO sabt_derived.person_facet_dirty (id)
      SELECT DISTINCT x FROM unnest(ids) x WHERE x IS NOT NULL ON CONFLICT DO NOTHING;
      IF FOUND THEN
        INSERT INTO sabt_derived.person_facet_pending (tx) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
      END IF;
    END $$`.execute(db);

  // Claims: the record they belong to and the record they refer to (a holder makes an official).
  // Merges: the record and the person it is (or was) folded into. Records: itself (and more on an
  // update, below).
  for (const m of MARKERS) {
    const refs = m.event === "INSERT" ? "NEW TABLE AS new_rows" : m.event === "DELETE" ? "OLD TABLE AS old_rows" : "NEW TABLE AS new_rows OLD TABLE AS old_rows";
    await sql`
      CREATE FUNCTION ${sql.raw(`sabt_derived.${m.name}`)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM sabt_derived.mark_person_facets(ARRAY(${sql.raw(m.ids)}));
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(m.name)} AFTER ${sql.raw(m.event)} ON ${sql.raw(m.table)}
      REFERENCING ${sql.raw(refs)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(`sabt_derived.${m.name}`)}()`.execute(db);
  }

  // A record's update: itself when a column the facets read changed; when its visibility, review
  // or type changes, also the records whose claims refer to it (a place made public makes its
  // prisoners' prison values public) and those its own claims refer to (a witness's participation).
  await sql`
    CREATE FUNCTION sabt_derived.entity_facets_upd() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE widened text[];
    BEGIN
      widened := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.visibility, n.review, n.type) IS DISTINCT FROM (o.visibility, o.review, o.type));
      PERFORM sabt_derived.mark_person_facets(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.visibility, n.review, n.type, n.label) IS DISTINCT FROM (o.visibility, o.review, o.type, o.label)
        UNION SELECT c.entity_id FROM claim c WHERE c.ref_id = ANY(widened)
        UNION SELECT c.ref_id FROM claim c WHERE c.entity_id = ANY(widened) AND c.ref_id IS NOT NULL));
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER entity_facets_upd AFTER UPDATE ON entity
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sabt_derived.entity_facets_upd()`.execute(db);

  // Sabt never truncates the merges, but an operator's repair might: every folded person and
  // record is recomputed then.
  await sql`
    CREATE FUNCTION sabt_derived.person_merge_facets_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM sabt_derived.mark_person_facets(ARRAY(SELECT entity_id FROM person_merge UNION SELECT canonical_id FROM person_merge));
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER person_merge_facets_truncate BEFORE TRUNCATE ON person_merge
    FOR EACH STATEMENT EXECUTE FUNCTION sabt_derived.person_merge_facets_truncate()`.execute(db);

  await sql`SELECT sabt_derived.refresh_person_facets(ARRAY(SELECT id FROM entity WHERE type = 'person'))`.execute(db);
  await sql`ANALYZE sabt_derived.person_facet`.execute(db);
}

/** Drops the facet table and its upkeep. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const m of [...MARKERS, { name: "entity_facets_upd", table: "entity" }, { name: "person_merge_facets_truncate", table: "person_merge" }]) {
    await sql`DROP TRIGGER IF EXISTS ${sql.raw(m.name)} ON ${sql.raw(m.table)}`.execute(db);
    await sql`DROP FUNCTION IF EXISTS ${sql.raw(`sabt_derived.${m.name}`)}()`.execute(db);
  }
  await sql`DROP TABLE IF EXISTS sabt_derived.person_facet_pending`.execute(db);
  await sql`DROP FUNCTION IF EXISTS sabt_derived.flush_person_facets()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS sabt_derived.mark_person_facets(text[])`.execute(db);
  await sql`DROP FUNCTION IF EXISTS sabt_derived.refresh_person_facets(text[])`.execute(db);
  await sql`DROP TABLE IF EXISTS sabt_derived.person_facet_dirty`.execute(db);
  await sql`DROP TABLE IF EXISTS sabt_derived.person_facet`.execute(db);
}
