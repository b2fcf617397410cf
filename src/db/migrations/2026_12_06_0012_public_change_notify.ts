import { type Kysely, sql } from "kysely";

/**
 * Every committed change of a table the public projection reads (entities and their old slugs,
 * claims, estimates) notifies the channel `sabt_public_change`. Each `sabt serve` process listens
 * and drops its cached public pages, so that several servers on one database show an edit at once.
 * Statement-level, and PostgreSQL folds identical notifications of one transaction into one, so a
 * bulk import notifies once per statement, not per row; nothing is sent for a rolled-back change.
 */
const TABLES = ["entity", "entity_slug", "claim", "estimate_run"] as const;

/** Adds the notifying function and its triggers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION sabt_notify_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('sabt_public_change', '');
      RETURN NULL;
    END $$`.execute(db);
  for (const t of TABLES) {
    await sql`CREATE TRIGGER ${sql.id(`${t}_public_change`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(t)}
      FOR EACH STATEMENT EXECUTE FUNCTION sabt_notify_public_change()`.execute(db);
  }
}

/** Removes them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await sql`DROP TRIGGER IF EXISTS ${sql.id(`${t}_public_change`)} ON ${sql.table(t)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS sabt_notify_public_change()`.execute(db);
}
