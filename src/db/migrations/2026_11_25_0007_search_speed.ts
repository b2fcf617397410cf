import { type Kysely, sql } from "kysely";

/**
 * Search and import speed (issue 2 benchmarks).
 *
 * Search used to test every claim's search key with trigram word similarity (`<%`) through a
 * GIN trigram index, plus a full-text vector; on common names the index returned tens of
 * thousands of candidates whose similarity PostgreSQL then re-computed one by one, and both
 * indexes made every imported claim expensive (about 25 trigram entries per name).
 *
 * Now each claim's search key is split into whole terms (`sabt_search_terms`: the normalized
 * words and, for names, the phonetic keys), indexed by one GIN index on the term array, so a
 * query finds claims holding all its terms through posting lists without any re-check, and can
 * stop after the first few hundred. Trigram similarity moves to a small vocabulary of distinct
 * terms (`sabt_derived.search_term`), which expands a misspelt or partial query term into the
 * stored terms that resemble it before the same term index is used.
 *
 * The vocabulary is derived data: a statement-level trigger fills it from the claims written
 * (one statement per batch, not per row), it never holds a sealed value (sealed claims have an
 * empty search key), and it lives in its own schema so that backups, which copy the tables of
 * the main schema, leave it out; a restore rebuilds it through the same trigger.
 *
 * Also dropped: the full-text vector (replaced by the terms) and the index on `origin` (an
 * import finds a changed row's claims through the person's claims instead).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Splits on whitespace and ASCII punctuation only, spelled out rather than as character
  // classes, so that the split does not depend on the server's locale and is the same on
  // PGlite and on a PostgreSQL server; Persian and Arabic letters are never separators.
  // translate + string_to_array rather than a regular expression: it runs for every claim
  // written, and on PGlite the regular expression engine cost more than the rest of the insert.
  const separators = "\t\r\n!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-";
  await sql`
    CREATE FUNCTION sabt_search_terms(key text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN array_remove(string_to_array(translate(key, ${sql.lit(separators)}, ${sql.lit(" ".repeat(separators.length))}), ' '), '')`.execute(db);

  await sql`DROP INDEX IF EXISTS claim_search_trgm_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS claim_tsv_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS claim_origin_idx`.execute(db);
  await sql`ALTER TABLE claim DROP COLUMN IF EXISTS tsv`.execute(db);
  // A small pending list: GIN queues new entries and every search reads the whole queue until it
  // is merged (by VACUUM, which PGlite never runs on its own, or when the queue is full). At the
  // default 4 MB a search of PGlite after an import read megabytes of queue; 256 kB keeps most of
  // the batching that makes inserts cheap.
  await sql`
    CREATE INDEX claim_terms_idx ON claim USING gin (sabt_search_terms(search_key))
    WITH (gin_pending_list_limit = 256) WHERE search_key <> ''`.execute(db);
  // Anonymous searches read public claims only (the public_claim view implies this predicate):
  // with their own index they do not wade through the postings of team values to find them.
  await sql`
    CREATE INDEX claim_public_terms_idx ON claim USING gin (sabt_search_terms(search_key))
    WITH (gin_pending_list_limit = 256) WHERE search_key <> '' AND visibility = 'public' AND status <> 'retracted'`.execute(db);

  await sql`CREATE SCHEMA sabt_derived`.execute(db);
  // `public` says the term has appeared in a public claim: anonymous searches expand their terms
  // only with those, so that what they read stays within what the public projection shows.
  await sql`CREATE TABLE sabt_derived.search_term (term text PRIMARY KEY, public boolean NOT NULL)`.execute(db);
  await sql`CREATE INDEX search_term_trgm_idx ON sabt_derived.search_term USING gin (term gin_trgm_ops)`.execute(db);
  // Digits-only terms (record numbers, years) are left out of the vocabulary: resembling a
  // number is not a useful match, and they would make it grow with every row.
  await sql`
    CREATE FUNCTION sabt_derived.add_search_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO sabt_derived.search_term AS s (term, public)
      SELECT t, bool_or(c.visibility = 'public') FROM new_claims c, unnest(sabt_search_terms(c.search_key)) t
      WHERE c.search_key <> '' AND t !~ '^[0-9]+$'
      GROUP BY t
      ON CONFLICT (term) DO UPDATE SET public = true WHERE excluded.public AND NOT s.public;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER claim_search_terms_ins AFTER INSERT ON claim
    REFERENCING NEW TABLE AS new_claims FOR EACH STATEMENT EXECUTE FUNCTION sabt_derived.add_search_terms()`.execute(db);
  await sql`
    CREATE TRIGGER claim_search_terms_upd AFTER UPDATE ON claim
    REFERENCING NEW TABLE AS new_claims FOR EACH STATEMENT EXECUTE FUNCTION sabt_derived.add_search_terms()`.execute(db);
  // Backfill from the claims already stored.
  await sql`
    INSERT INTO sabt_derived.search_term (term, public)
    SELECT t, bool_or(c.visibility = 'public') FROM claim c, unnest(sabt_search_terms(c.search_key)) t
    WHERE c.search_key <> '' AND t !~ '^[0-9]+$'
    GROUP BY t`.execute(db);
}

/** Restores the trigram and full-text indexes of the claims-store migration. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS claim_search_terms_upd ON claim`.execute(db);
  await sql`DROP TRIGGER IF EXISTS claim_search_terms_ins ON claim`.execute(db);
  await sql`DROP SCHEMA IF EXISTS sabt_derived CASCADE`.execute(db);
  await sql`DROP INDEX IF EXISTS claim_public_terms_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS claim_terms_idx`.execute(db);
  await sql`
    ALTER TABLE claim ADD COLUMN tsv tsvector GENERATED ALWAYS AS
      (CASE WHEN value_type IN ('text', 'name') THEN to_tsvector('simple', value_text) END) STORED`.execute(db);
  await sql`CREATE INDEX claim_search_trgm_idx ON claim USING gin (search_key gin_trgm_ops) WHERE search_key <> ''`.execute(db);
  await sql`CREATE INDEX claim_tsv_idx ON claim USING gin (tsv) WHERE tsv IS NOT NULL`.execute(db);
  await sql`CREATE INDEX claim_origin_idx ON claim (origin text_pattern_ops) WHERE origin IS NOT NULL`.execute(db);
  await sql`DROP FUNCTION IF EXISTS sabt_search_terms(text)`.execute(db);
}
