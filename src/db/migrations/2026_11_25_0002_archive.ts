import { type Kysely, sql } from "kysely";

/**
 * The evidence archive: items (originals and derived copies), their per-item hash-chained custody
 * log, and RFC 3161 timestamp tokens. Files live in the content-addressed blob store; rows hold
 * the fixity (SHA-256 + size) recorded at intake. Written for PostgreSQL 15+ and PGlite alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("archive_item")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("size", "bigint", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("declared_type", "text")
    .addColumn("filename", "text")
    .addColumn("title", "text")
    .addColumn("original_id", "text", (c) => c.references("archive_item.id"))
    .addColumn("derivation", "text")
    .addColumn("hazards", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("provenance", "jsonb", (c) => c.notNull())
    .addColumn("metadata", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("source_url", "text")
    .addColumn("visibility", "text", (c) => c.notNull().defaultTo("team"))
    .addColumn("custody_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("custody_head", "text", (c) => c.notNull().defaultTo("0".repeat(64)))
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("archive_item_kind_ck", sql`kind IN ('file','web_capture','derived')`)
    .addCheckConstraint("archive_item_sha_ck", sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .addCheckConstraint("archive_item_visibility_ck", sql`visibility IN ('public','team','confidential')`)
    .addCheckConstraint(
      "archive_item_derived_ck",
      sql`(kind = 'derived') = (original_id IS NOT NULL AND derivation IS NOT NULL)`,
    )
    .execute();
  await db.schema.createIndex("archive_item_sha_idx").on("archive_item").column("sha256").execute();
  await db.schema.createIndex("archive_item_original_idx").on("archive_item").column("original_id").execute();

  // Fixity and provenance are facts about intake: they must never change, and items are never
  // deleted (an item withdrawn from use is marked, not erased). Only the custody head moves,
  // and visibility/title may be edited.
  await sql`
    CREATE FUNCTION sabt_archive_item_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'archive items are never deleted'; END IF;
      IF NEW.id <> OLD.id OR NEW.kind <> OLD.kind OR NEW.sha256 <> OLD.sha256 OR NEW.size <> OLD.size
         OR NEW.media_type <> OLD.media_type OR NEW.provenance <> OLD.provenance
         OR NEW.original_id IS DISTINCT FROM OLD.original_id
         OR NEW.created_at <> OLD.created_at OR NEW.created_by <> OLD.created_by THEN
        RAISE EXCEPTION 'archive item % fixity and provenance are immutable', OLD.id;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER archive_item_guard BEFORE UPDATE OR DELETE ON archive_item
    FOR EACH ROW EXECUTE FUNCTION sabt_archive_item_guard()`.execute(db);

  await db.schema
    .createTable("archive_custody")
    .addColumn("item_id", "text", (c) => c.notNull().references("archive_item.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("archive_custody_pk", ["item_id", "seq"])
    .execute();
  // sabt_refuse_change() comes from the spine migration (0001).
  await sql`CREATE TRIGGER archive_custody_append_only BEFORE UPDATE OR DELETE ON archive_custody
    FOR EACH ROW EXECUTE FUNCTION sabt_refuse_change()`.execute(db);

  await db.schema
    .createTable("archive_timestamp")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("item_id", "text", (c) => c.notNull().references("archive_item.id"))
    .addColumn("tsa_url", "text", (c) => c.notNull())
    .addColumn("hash_algorithm", "text", (c) => c.notNull())
    .addColumn("message_imprint", "text", (c) => c.notNull())
    .addColumn("gen_time", "timestamptz", (c) => c.notNull())
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("token", "bytea", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("archive_timestamp_item_idx")
    .on("archive_timestamp")
    .column("item_id")
    .execute();
  await sql`CREATE TRIGGER archive_timestamp_append_only BEFORE UPDATE OR DELETE ON archive_timestamp
    FOR EACH ROW EXECUTE FUNCTION sabt_refuse_change()`.execute(db);
}

/** Drops the archive tables (the blob store on disk is left untouched). */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["archive_timestamp", "archive_custody", "archive_item"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`DROP FUNCTION IF EXISTS sabt_archive_item_guard()`.execute(db);
}
