import { type Kysely, sql } from "kysely";

/**
 * Invitations to join the team: an admin invites someone by e-mail with a role, and they set their
 * own name and password through a one-time link. Only the SHA-256 of the link's token is stored,
 * like API tokens and sessions, so a copy of the database cannot be used to accept one. Also two
 * indexes on the audit log for the audit log page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("invitation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("invited_by", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .addColumn("user_id", "text", (c) => c.references("app_user.id"))
    .addCheckConstraint("invitation_role_ck", sql`role IN ('admin','editor','researcher','reviewer','viewer')`)
    .execute();
  await db.schema.createIndex("invitation_pending_idx").on("invitation").column("created_at").where(sql.ref("used_at"), "is", null).execute();
  // The audit log page filters by record and by actor, newest first, and the members page reads
  // each member's last sign-in from the log: without these, each would scan the whole log.
  await db.schema.createIndex("audit_log_object_idx").on("audit_log").columns(["object_id", "seq"]).execute();
  await db.schema.createIndex("audit_log_actor_idx").on("audit_log").columns(["actor", "seq"]).execute();
}

/** Drops the invitations and the audit log's indexes. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("audit_log_actor_idx").ifExists().execute();
  await db.schema.dropIndex("audit_log_object_idx").ifExists().execute();
  await db.schema.dropTable("invitation").ifExists().execute();
}
