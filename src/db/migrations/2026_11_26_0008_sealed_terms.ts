import { type Kysely, sql } from "kysely";
import { activeKeyring, isSealed, openSealed, sealedTermMacs } from "../../crypto/index.ts";

/**
 * The search key inside a sealed claim value, read as claims were sealed when this migration was
 * written (payload `{ s: searchKey, … }` bound to `claim:<id>`). It is spelled out here, not
 * imported from claims/, so that the migration stays what it was when later code changes, and the
 * database layer depends only on crypto/ below it.
 */
function sealedSearchKey(id: string, value: unknown): string {
  const sealed = value && typeof value === "object" && "sealed" in value ? (value as { sealed: unknown }).sealed : undefined;
  if (!isSealed(sealed)) return "";
  return (JSON.parse(openSealed(activeKeyring(), sealed, `claim:${id}`)) as { s?: string }).s ?? "";
}

/**
 * The blind index of confidential search terms (src/crypto/blind-index.ts): one row per term of
 * a confidential claim, holding the term's keyed MAC. It is kept with the claims (and so in
 * backups) because, unlike the public term vocabulary, it cannot be rebuilt without the key.
 * Confidential claims stored before it are indexed here, which needs the encryption key: the
 * database is only ever migrated by openDatabase, after it has loaded the key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE claim_sealed_term (
      mac text NOT NULL,
      claim_id text NOT NULL REFERENCES claim(id),
      PRIMARY KEY (mac, claim_id)
    )`.execute(db);
  await sql`CREATE INDEX claim_sealed_term_claim_idx ON claim_sealed_term (claim_id)`.execute(db);
  let after = "";
  for (;;) {
    const page = await sql<{ id: string; value: unknown }>`
      SELECT id, value FROM claim WHERE visibility = 'confidential' AND id > ${after} ORDER BY id LIMIT 500`.execute(db);
    if (page.rows.length === 0) break;
    after = page.rows[page.rows.length - 1]!.id;
    for (const row of page.rows) {
      const key = sealedSearchKey(row.id, row.value);
      if (!key) continue;
      const terms = await sql<{ t: string }>`SELECT unnest(sabt_search_terms(${key})) AS t`.execute(db);
      const macs = sealedTermMacs(terms.rows.map((r) => r.t));
      if (macs.length === 0) continue;
      await sql`
        INSERT INTO claim_sealed_term (mac, claim_id)
        SELECT m, ${row.id} FROM unnest(${macs}::text[]) AS m ON CONFLICT DO NOTHING`.execute(db);
    }
  }
}

/** Drops the blind index. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE claim_sealed_term`.execute(db);
}
