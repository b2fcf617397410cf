import { type Kysely, sql } from "kysely";

/**
 * The spine: entities, claims (with inline citations), append-only revisions, the hash-chained
 * audit log, list import identity, and the public projection views the public site reads.
 * Written for PostgreSQL 15+ so that it runs on Debian's server and on PGlite alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await db.schema
    .createTable("entity")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("team"))
    .addColumn("is_fictional", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("entity_visibility_ck", sql`visibility IN ('public','team','confidential')`)
    .execute();
  await db.schema.createIndex("entity_type_idx").on("entity").columns(["type", "label"]).execute();

  await db.schema
    .createTable("entity_slug")
    .addColumn("slug", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("claim")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("entity_id", "text", (c) => c.notNull().references("entity.id"))
    .addColumn("property", "text", (c) => c.notNull())
    .addColumn("value_type", "text", (c) => c.notNull())
    .addColumn("value", "jsonb", (c) => c.notNull())
    .addColumn("value_text", "text", (c) => c.notNull())
    .addColumn("search_key", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("ref_id", "text", (c) => c.references("entity.id"))
    .addColumn("date_earliest", "date")
    .addColumn("date_latest", "date")
    .addColumn("num_value", "numeric")
    .addColumn("sources", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("editorial", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("confidence", "text", (c) => c.notNull().defaultTo("medium"))
    .addColumn("confidence_rule", "text")
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("team"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("asserted"))
    .addColumn("preferred", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("preferred_reason", "text")
    .addColumn("origin", "text")
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Full-text vectors only for free text and names: dates, numbers and references are found by
    // their own columns, and skipping them keeps bulk imports fast.
    .addColumn("tsv", sql`tsvector`, (c) =>
      c.generatedAlwaysAs(sql`CASE WHEN value_type IN ('text', 'name') THEN to_tsvector('simple', value_text) END`).stored(),
    )
    .addCheckConstraint("claim_visibility_ck", sql`visibility IN ('public','team','confidential')`)
    .addCheckConstraint("claim_confidence_ck", sql`confidence IN ('low','medium','high')`)
    .addCheckConstraint("claim_status_ck", sql`status IN ('asserted','contested','retracted')`)
    // No value without a source, except values explicitly marked editorial.
    .addCheckConstraint("claim_sourced_ck", sql`editorial OR jsonb_array_length(sources) > 0`)
    .execute();
  await db.schema.createIndex("claim_entity_idx").on("claim").columns(["entity_id", "property"]).execute();
  // Partial indexes: most claims have no reference, no date or no search key, and an index entry
  // that no query uses only slows imports down.
  await sql`CREATE INDEX claim_ref_idx ON claim (ref_id) WHERE ref_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX claim_dates_idx ON claim (date_earliest, date_latest) WHERE date_earliest IS NOT NULL`.execute(db);
  await sql`CREATE INDEX claim_search_trgm_idx ON claim USING gin (search_key gin_trgm_ops) WHERE search_key <> ''`.execute(db);
  await sql`CREATE INDEX claim_tsv_idx ON claim USING gin (tsv) WHERE tsv IS NOT NULL`.execute(db);
  await sql`CREATE INDEX claim_origin_idx ON claim (origin text_pattern_ops) WHERE origin IS NOT NULL`.execute(db);
  await sql`CREATE INDEX claim_sources_idx ON claim USING gin (sources jsonb_path_ops)`.execute(db);

  await db.schema
    .createTable("revision")
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addColumn("author", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("revision_pk", ["object_type", "object_id", "version"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("seq", "bigint", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();

  // Append-only tables refuse UPDATE and DELETE. Someone with superuser rights can still bypass
  // this; the hash chain is what makes such tampering detectable.
  await sql`
    CREATE FUNCTION sabt_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME; END $$`.execute(db);
  await sql`CREATE TRIGGER revision_append_only BEFORE UPDATE OR DELETE ON revision
    FOR EACH ROW EXECUTE FUNCTION sabt_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sabt_refuse_change()`.execute(db);

  await db.schema
    .createTable("import_run")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("list_id", "text", (c) => c.notNull().references("entity.id"))
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("total_rows", "integer", (c) => c.notNull())
    .addColumn("done_rows", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("list_record")
    .addColumn("list_id", "text", (c) => c.notNull().references("entity.id"))
    .addColumn("record_id", "text", (c) => c.notNull())
    .addColumn("person_id", "text", (c) => c.notNull().references("entity.id"))
    .addColumn("row_hash", "text", (c) => c.notNull())
    .addColumn("import_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("list_record_pk", ["list_id", "record_id"])
    .execute();
  await db.schema.createIndex("list_record_person_idx").on("list_record").column("person_id").execute();

  // The public projection: the only relations the public site's repositories are typed to read.
  await sql`
    CREATE VIEW public_entity AS
      SELECT id, type, slug, label, is_fictional, created_at, updated_at
      FROM entity WHERE visibility = 'public'`.execute(db);
  await sql`
    CREATE VIEW public_claim AS
      SELECT c.id, c.entity_id, c.property, c.value_type, c.value, c.value_text, c.search_key,
             c.ref_id, c.date_earliest, c.date_latest, c.num_value, c.sources, c.editorial,
             c.confidence, c.status, c.preferred, c.preferred_reason, c.created_at, c.updated_at
      FROM claim c JOIN entity e ON e.id = c.entity_id
      WHERE c.visibility = 'public' AND e.visibility = 'public' AND c.status <> 'retracted'
        AND (c.ref_id IS NULL OR EXISTS (
          SELECT 1 FROM entity r WHERE r.id = c.ref_id AND r.visibility = 'public'))`.execute(db);
}

/** Drops everything the up migration created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP VIEW IF EXISTS public_claim`.execute(db);
  await sql`DROP VIEW IF EXISTS public_entity`.execute(db);
  for (const t of ["list_record", "import_run", "audit_log", "revision", "claim", "entity_slug", "entity"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`DROP FUNCTION IF EXISTS sabt_refuse_change()`.execute(db);
}
