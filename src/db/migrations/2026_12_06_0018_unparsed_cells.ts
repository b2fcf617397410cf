import { type Kysely, sql } from "kysely";

/**
 * Cells of a victim list that Sabt could not read (a negative age, a bare year whose calendar
 * cannot be told), kept with `--keep-unparsed` as text claims of the column's property (issue 12).
 * `claim.unparsed` says why the cell could not be read; it is null for every other claim. Such a
 * claim is raw, unchecked list text: the database itself refuses to make it public, whatever the
 * row's or the column's visibility, so it can never reach the public projection or its search.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE claim ADD COLUMN unparsed text`.execute(db);
  await sql`ALTER TABLE claim ADD CONSTRAINT claim_unparsed_never_public CHECK (unparsed IS NULL OR visibility <> 'public')`.execute(db);
  // The workspace queue of cells still to resolve: few rows, read newest first.
  await sql`CREATE INDEX claim_unparsed_open_idx ON claim (created_at DESC, id) WHERE unparsed IS NOT NULL AND status <> 'retracted'`.execute(db);
}

/** Drops it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS claim_unparsed_open_idx`.execute(db);
  await sql`ALTER TABLE claim DROP CONSTRAINT IF EXISTS claim_unparsed_never_public`.execute(db);
  await sql`ALTER TABLE claim DROP COLUMN IF EXISTS unparsed`.execute(db);
}
