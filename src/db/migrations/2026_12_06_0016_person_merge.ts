import { type Kysely, sql } from "kysely";

/**
 * One person from many lists (issue 12). Every imported list row has its own person entity; when
 * linkage puts rows in one cluster (above the model's threshold or by a reviewer's decision) they
 * are one person in public. `person_merge` says which record entity is shown as which person: one
 * row per member of a multi-record cluster other than the cluster's canonical entity (the first
 * member in key order that is public). It is derived from `link_member` by the lists service
 * after every change of membership, so merge and unmerge are exact and nothing else is rewritten:
 * each row's entity, claims, revisions and sources stay as they were, and unmerge gives the
 * separate people back.
 *
 * The public projection folds merged records in:
 * - `public_record`: every entity the public may see, before folding (the old `public_entity`).
 * - `public_merge`: record → person, when both are public (only then is a record folded in, so a
 *   confidential canonical never hides or exposes anything).
 * - `public_entity`: public records that are not folded into another.
 * - `public_claim`: the claims of a person and of every record folded into it, all under the
 *   person's id (`entity_id`), with the record they belong to (`record_id`); a reference to a folded
 *   record points at its person (`ref_id`), the stored reference is kept (`record_ref_id`). The two
 *   branches of the UNION ALL keep `entity_id = …` an index lookup on either side.
 */
const CLAIM_COLUMNS = sql.raw(`c.property, c.value_type, c.value, c.value_text, c.search_key,
  coalesce((SELECT pm.entity_id FROM public_merge pm WHERE pm.record_id = c.ref_id), c.ref_id) AS ref_id,
  c.date_earliest, c.date_latest, c.num_value, c.sources, c.editorial,
  c.confidence, c.status, c.preferred, c.preferred_reason, c.created_at, c.updated_at,
  c.confidence_rule, c.entity_id AS record_id, c.ref_id AS record_ref_id`);

const CLAIM_PUBLIC = sql.raw(`c.visibility = 'public' AND c.review = 'approved' AND c.status <> 'retracted'
  AND (c.ref_id IS NULL OR EXISTS (SELECT 1 FROM public_record r WHERE r.id = c.ref_id))`);

/** Adds the merge table, its change notification and the folding views. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE person_merge (
      entity_id text PRIMARY KEY REFERENCES entity (id),
      canonical_id text NOT NULL REFERENCES entity (id),
      cluster_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (entity_id <> canonical_id)
    )`.execute(db);
  await sql`CREATE INDEX person_merge_canonical_idx ON person_merge (canonical_id)`.execute(db);
  // A merge changes public pages like an edit does: caches of every server are dropped.
  await sql`CREATE TRIGGER person_merge_public_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person_merge
    FOR EACH STATEMENT EXECUTE FUNCTION sabt_notify_public_change()`.execute(db);

  // The views that depend on public_entity go first and come back over the new definitions.
  await sql`DROP VIEW public_claim`.execute(db);
  await sql`DROP VIEW public_entity`.execute(db);
  await sql`
    CREATE VIEW public_record AS
      SELECT e.id, e.type, e.slug, e.label, e.is_fictional, e.created_at, e.updated_at
      FROM entity e
      WHERE e.visibility = 'public' AND e.review = 'approved'
        AND NOT (e.type = 'article' AND EXISTS (
          SELECT 1 FROM claim p
          WHERE p.entity_id = e.id AND p.property = 'published' AND p.status <> 'retracted'
            AND p.date_earliest > CURRENT_DATE))`.execute(db);
  await sql`
    CREATE VIEW public_merge AS
      SELECT m.entity_id AS record_id, r.type, r.slug AS record_slug, m.canonical_id AS entity_id
      FROM person_merge m
      JOIN public_record r ON r.id = m.entity_id
      JOIN public_record k ON k.id = m.canonical_id`.execute(db);
  await sql`
    CREATE VIEW public_entity AS
      SELECT r.id, r.type, r.slug, r.label, r.is_fictional, r.created_at, r.updated_at
      FROM public_record r
      -- r is public already; only the person it would be folded into is checked (a key lookup:
      -- the planner keeps it one, where a NOT EXISTS over the whole public_merge view was not).
      WHERE NOT EXISTS (
        SELECT 1 FROM person_merge m JOIN entity k ON k.id = m.canonical_id
        WHERE m.entity_id = r.id AND k.visibility = 'public' AND k.review = 'approved')`.execute(db);
  await sql`
    CREATE VIEW public_claim AS
      SELECT c.id, c.entity_id, ${CLAIM_COLUMNS}
      FROM claim c JOIN public_entity e ON e.id = c.entity_id
      WHERE ${CLAIM_PUBLIC}
      UNION ALL
      SELECT c.id, pm.entity_id, ${CLAIM_COLUMNS}
      FROM public_merge pm JOIN claim c ON c.entity_id = pm.record_id
      WHERE ${CLAIM_PUBLIC}`.execute(db);
}

/** Restores the views of migration 0013 and drops the merge table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW public_claim`.execute(db);
  await sql`DROP VIEW public_entity`.execute(db);
  await sql`DROP VIEW public_merge`.execute(db);
  await sql`DROP VIEW public_record`.execute(db);
  await sql`
    CREATE VIEW public_entity AS
      SELECT e.id, e.type, e.slug, e.label, e.is_fictional, e.created_at, e.updated_at
      FROM entity e
      WHERE e.visibility = 'public' AND e.review = 'approved'
        AND NOT (e.type = 'article' AND EXISTS (
          SELECT 1 FROM claim p
          WHERE p.entity_id = e.id AND p.property = 'published' AND p.status <> 'retracted'
            AND p.date_earliest > CURRENT_DATE))`.execute(db);
  await sql`
    CREATE VIEW public_claim AS
      SELECT c.id, c.entity_id, c.property, c.value_type, c.value, c.value_text, c.search_key,
             c.ref_id, c.date_earliest, c.date_latest, c.num_value, c.sources, c.editorial,
             c.confidence, c.status, c.preferred, c.preferred_reason, c.created_at, c.updated_at,
             c.confidence_rule
      FROM claim c JOIN public_entity e ON e.id = c.entity_id
      WHERE c.visibility = 'public' AND c.review = 'approved' AND c.status <> 'retracted'
        AND (c.ref_id IS NULL OR EXISTS (SELECT 1 FROM public_entity r WHERE r.id = c.ref_id))`.execute(db);
  await sql`DROP TABLE person_merge`.execute(db);
}
