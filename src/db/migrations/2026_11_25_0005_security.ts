import { type Kysely, sql } from "kysely";

/**
 * Sign-in security: server-side sessions (stored as hashes), second factors (TOTP with
 * single-use recovery codes, WebAuthn credentials), persisted sign-in throttling, and the
 * per-account "second factor required" switch. The encryption key itself never enters the
 * database (it lives in a key file or the environment, see src/crypto).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("app_user")
    .addColumn("require_second_factor", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable("app_user").addColumn("totp_secret", "text").execute();
  await db.schema.alterTable("app_user").addColumn("totp_enabled_at", "timestamptz").execute();
  await db.schema.alterTable("app_user").addColumn("totp_last_step", "bigint").execute();
  await db.schema.alterTable("app_user").addColumn("password_changed_at", "timestamptz").execute();

  await db.schema
    .createTable("app_session")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("stage", "text", (c) => c.notNull())
    .addColumn("challenge", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addCheckConstraint("app_session_stage_ck", sql`stage IN ('second_factor','enroll','full')`)
    .execute();
  await db.schema.createIndex("app_session_user_idx").on("app_session").column("user_id").execute();

  await db.schema
    .createTable("recovery_code")
    .addColumn("code_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("recovery_code_user_idx").on("recovery_code").column("user_id").execute();

  await db.schema
    .createTable("webauthn_credential")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("public_key", "text", (c) => c.notNull())
    .addColumn("counter", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("transports", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_used_at", "timestamptz")
    .execute();
  await db.schema.createIndex("webauthn_credential_user_idx").on("webauthn_credential").column("user_id").execute();

  await db.schema
    .createTable("auth_throttle")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("locked_until", "timestamptz")
    .execute();
}

/** Drops the sign-in security tables and columns. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["auth_throttle", "webauthn_credential", "recovery_code", "app_session"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const col of ["password_changed_at", "totp_last_step", "totp_enabled_at", "totp_secret", "require_second_factor"]) {
    await db.schema.alterTable("app_user").dropColumn(col).execute();
  }
}
