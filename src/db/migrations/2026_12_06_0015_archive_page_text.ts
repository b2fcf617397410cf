import { type Kysely, sql } from "kysely";

/**
 * `archive_page_text`: the text pdf.js extracted from each page of a PDF item, one row per page,
 * so the evidence list can search inside documents and the viewer can offer a page's text
 * without JavaScript. Derived data: it can always be extracted again from the stored file, so it
 * carries no custody of its own (the derived `.pages.json` item keeps that record).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE archive_page_text (
      item_id text NOT NULL REFERENCES archive_item (id),
      page integer NOT NULL CHECK (page >= 1),
      text text NOT NULL,
      PRIMARY KEY (item_id, page)
    )`.execute(db);
  // Substring search (ILIKE '%…%') over page text; pg_trgm is created by migration 0001.
  await sql`CREATE INDEX archive_page_text_trgm_idx ON archive_page_text USING gin (text gin_trgm_ops)`.execute(db);
}

/** Drops it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS archive_page_text`.execute(db);
}
