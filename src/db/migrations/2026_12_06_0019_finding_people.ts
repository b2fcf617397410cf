import { type Kysely, sql } from "kysely";

/**
 * Finding people on the public site (issue 12): filters by prison, city, gender, year of death and
 * first letter read public claims by property and value. Both indexes are partial on what the
 * `public_claim` view requires of a claim (public, not retracted), so the planner may use them
 * for public queries and team values never add entries that public queries wade through.
 *
 * `claim_public_key_idx`: a property with its normalized value (`search_key`), for equality (a
 * prison or city written as text, a gender) and prefixes (names starting with a letter:
 * `text_pattern_ops`, as `LIKE 'x%'` needs under any collation).
 * `claim_public_date_idx`: a property with its date interval, for "died in year Y".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX claim_public_key_idx ON claim (property, search_key text_pattern_ops)
    WHERE visibility = 'public' AND status <> 'retracted'`.execute(db);
  await sql`
    CREATE INDEX claim_public_date_idx ON claim (property, date_earliest, date_latest)
    WHERE visibility = 'public' AND status <> 'retracted' AND date_earliest IS NOT NULL`.execute(db);
}

/** Drops them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS claim_public_date_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS claim_public_key_idx`.execute(db);
}
