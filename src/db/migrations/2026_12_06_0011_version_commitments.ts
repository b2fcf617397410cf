import { type Kysely, sql } from "kysely";

/**
 * Integrity without holes (issue 13). `version_commitment` holds a keyed digest of every version
 * of every claim and entity and the hash of every custody event, each bound to the audit entry
 * of its transaction, so `sabt verify` finds a row changed behind Sabt's back (a plain
 * `UPDATE claim`), a revision altered or deleted, and a custody log cut off together with its
 * item's head.
 *
 * Rows written before this migration get their commitments from the first program start after
 * it (`integrity/` reads `integrity_state`): the digests need the encryption key and the owners'
 * code that opens sealed values, which a migration (below every capability) cannot reach.
 *
 * Sealing the earlier versions of a value that became confidential (migration 0009) does not
 * change their commitments: a commitment is made over the opened content.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("version_commitment")
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("digest", "text", (c) => c.notNull())
    .addColumn("txid", "bigint", (c) => c.notNull().defaultTo(sql`txid_current()`))
    .addColumn("audit_seq", "bigint")
    .addPrimaryKeyConstraint("version_commitment_pk", ["object_type", "object_id", "version"])
    .execute();
  await sql`CREATE INDEX version_commitment_audit_idx ON version_commitment (audit_seq)`.execute(db);
  await sql`CREATE INDEX version_commitment_pending_idx ON version_commitment (txid) WHERE audit_seq IS NULL`.execute(db);
  // A commitment is written once and bound once to its audit entry; nothing else may change it.
  await sql`
    CREATE FUNCTION sabt_commitment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME; END IF;
      IF OLD.audit_seq IS NOT NULL OR NEW.audit_seq IS NULL OR NEW.object_type <> OLD.object_type
         OR NEW.object_id <> OLD.object_id OR NEW.version <> OLD.version OR NEW.digest <> OLD.digest OR NEW.txid <> OLD.txid THEN
        RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER version_commitment_guard BEFORE UPDATE OR DELETE ON version_commitment
    FOR EACH ROW EXECUTE FUNCTION sabt_commitment_guard()`.execute(db);

  await db.schema
    .createTable("integrity_state")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
  await sql`
    INSERT INTO integrity_state (key, value)
    SELECT 'commitments_backfill', 'due'
    WHERE EXISTS (SELECT 1 FROM entity) OR EXISTS (SELECT 1 FROM claim) OR EXISTS (SELECT 1 FROM archive_item)`.execute(db);
}

/** Drops the commitments. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("integrity_state").ifExists().execute();
  await db.schema.dropTable("version_commitment").ifExists().execute();
  await sql`DROP FUNCTION IF EXISTS sabt_commitment_guard()`.execute(db);
}
