import { type Kysely, sql } from "kysely";

/**
 * Four eyes before publication (issue 11). Claims and entities get a `review` state; the public
 * projection shows only `approved` ones, so a member's keystroke alone can never publish. Rows
 * written before this migration were published under the old rule and stay `approved`.
 *
 * `review_request` is the queue: one row per thing waiting for (or given) a decision. `change` is
 * null for a new record or a record that becomes public, and holds the proposed edit for a change
 * to a record that is already public, which stays as it was, in public, until the change is approved.
 * `authors` are everyone whose work the request carries: none of them may approve it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of ["claim", "entity"]) {
    await sql`ALTER TABLE ${sql.table(t)} ADD COLUMN review text NOT NULL DEFAULT 'approved'
      CHECK (review IN ('pending', 'approved', 'rejected'))`.execute(db);
  }
  await sql`
    CREATE TABLE review_request (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('claim', 'entity')),
      object_id text NOT NULL,
      entity_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
      change jsonb,
      base_version integer NOT NULL,
      authors text[] NOT NULL,
      assigned_to text,
      decided_by text,
      decided_at timestamptz,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // At most one open request per record: a second change while one waits joins it.
  await sql`CREATE UNIQUE INDEX review_request_open_idx ON review_request (kind, object_id) WHERE state = 'pending'`.execute(db);
  await sql`CREATE INDEX review_request_state_idx ON review_request (state, created_at DESC)`.execute(db);
  await sql`CREATE INDEX review_request_entity_idx ON review_request (entity_id)`.execute(db);
  await sql`
    CREATE OR REPLACE VIEW public_entity AS
      SELECT e.id, e.type, e.slug, e.label, e.is_fictional, e.created_at, e.updated_at
      FROM entity e
      WHERE e.visibility = 'public' AND e.review = 'approved'
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
      WHERE c.visibility = 'public' AND c.review = 'approved' AND c.status <> 'retracted'
        AND (c.ref_id IS NULL OR EXISTS (SELECT 1 FROM public_entity r WHERE r.id = c.ref_id))`.execute(db);
}

/** Restores the views of migration 0004 and drops the review state. */
export async function down(db: Kysely<unknown>): Promise<void> {
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
  await sql`DROP TABLE review_request`.execute(db);
  for (const t of ["claim", "entity"]) await sql`ALTER TABLE ${sql.table(t)} DROP COLUMN review`.execute(db);
}
