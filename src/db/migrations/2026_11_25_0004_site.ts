import { type Kysely, sql } from "kysely";

/**
 * Scheduled publication in the public projection: an article whose `published` date lies in the
 * future is not public yet, so the views leave it (and every claim of it or pointing at it) out.
 * Enforcing this in the views, not only in the site's queries, means every reader of the public
 * projection (site, search, FTM export) agrees, and a forgotten filter cannot publish early.
 * Days are compared with CURRENT_DATE (UTC on a default server): publication happens at midnight.
 *
 * `public_claim` also gains `confidence_rule` (why a public claim has its public confidence; not
 * sensitive), which articles use to number their footnotes (`footnote-N`): claims created in one
 * transaction share `created_at`, so nothing else orders them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE VIEW public_entity AS
      SELECT e.id, e.type, e.slug, e.label, e.is_fictional, e.created_at, e.updated_at
      FROM entity e
      WHERE e.visibility = 'public'
        AND NOT (e.type = 'article' AND EXISTS (
          SELECT 1 FROM claim p
          WHERE p.entity_id = e.id AND p.property = 'published' AND p.status <> 'retracted'
            AND p.date_earliest > CURRENT_DATE))`.execute(db);
  await sql`
    CREATE OR REPLACE VIEW public_claim AS
      SELECT c.id, c.entity_id, c.property, c.value_type, c.value, c.value_text, c.search_key,
             c.ref_id, c.date_earliest, c.date_latest, c.num_value, c.sources, c.editorial,
             c.confidence, c.status, c.preferred, c.preferred_reason, c.created_at, c.updated_at,
             c.confidence_rule
      FROM claim c JOIN public_entity e ON e.id = c.entity_id
      WHERE c.visibility = 'public' AND c.status <> 'retracted'
        AND (c.ref_id IS NULL OR EXISTS (SELECT 1 FROM public_entity r WHERE r.id = c.ref_id))`.execute(db);
}

/** Restores the views of the claims-store migration (no scheduling). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW public_claim`.execute(db);
  await sql`
    CREATE VIEW public_claim AS
      SELECT c.id, c.entity_id, c.property, c.value_type, c.value, c.value_text, c.search_key,
             c.ref_id, c.date_earliest, c.date_latest, c.num_value, c.sources, c.editorial,
             c.confidence, c.status, c.preferred, c.preferred_reason, c.created_at, c.updated_at
      FROM claim c JOIN entity e ON e.id = c.entity_id
      WHERE c.visibility = 'public' AND e.visibility = 'public' AND c.status <> 'retracted'
        AND (c.ref_id IS NULL OR EXISTS (
          SELECT 1 FROM entity r WHERE r.id = c.ref_id AND r.visibility = 'public'))`.execute(db);
  await sql`
    CREATE OR REPLACE VIEW public_entity AS
      SELECT id, type, slug, label, is_fictional, created_at, updated_at
      FROM entity WHERE visibility = 'public'`.execute(db);
}
