import { type Kysely, sql } from "kysely";

/**
 * Submissions from the public form (issue 12): corrections, people missing from every list and
 * testimony from families. Everything a submitter wrote (text, name, contact details) is sealed into
 * one column, like confidential claim values; the receipt code is stored only as its SHA-256, so a
 * copy of the database cannot be used to read a submission's status as its sender. The throttle
 * table counts form posts per keyed hash of the client address and globally, across processes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("submission")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("receipt_hash", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().defaultTo("received"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.references("entity.id"))
    .addColumn("consent", "text", (c) => c.notNull())
    .addColumn("sealed", "text", (c) => c.notNull())
    .addColumn("source_id", "text", (c) => c.references("entity.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text")
    .addCheckConstraint("submission_kind_ck", sql`kind IN ('correction','missing','testimony')`)
    .addCheckConstraint("submission_state_ck", sql`state IN ('received','in_review','used','declined')`)
    .addCheckConstraint("submission_consent_ck", sql`consent IN ('named','anonymous')`)
    .addCheckConstraint("submission_lang_ck", sql`lang IN ('fa','en')`)
    .execute();
  await db.schema.createIndex("submission_state_idx").on("submission").columns(["state", "created_at"]).execute();
  await db.schema
    .createTable("submission_file")
    .addColumn("submission_id", "text", (c) => c.notNull().references("submission.id"))
    .addColumn("item_id", "text", (c) => c.notNull().references("archive_item.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("submission_file_pk", ["submission_id", "item_id"])
    .execute();
  await db.schema
    .createTable("submission_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("submission_throttle_expiry_idx").on("submission_throttle").column("expires_at").execute();
}

/** Drops the submissions, their files and the throttle counters. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("submission_throttle").ifExists().execute();
  await db.schema.dropTable("submission_file").ifExists().execute();
  await db.schema.dropTable("submission").ifExists().execute();
}
