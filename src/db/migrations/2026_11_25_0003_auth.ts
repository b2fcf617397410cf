import { type Kysely, sql } from "kysely";

/** Team accounts and scoped API tokens (stored only as SHA-256 hashes). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("app_user")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("disabled", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("app_user_role_ck", sql`role IN ('admin','editor','researcher','reviewer','viewer')`)
    .execute();
  await db.schema
    .createTable("api_token")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("scopes", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz")
    .addColumn("last_used_at", "timestamptz")
    .addColumn("revoked_at", "timestamptz")
    .execute();
}

/** Drops the auth tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("api_token").ifExists().execute();
  await db.schema.dropTable("app_user").ifExists().execute();
}
