import { sql } from "kysely";
import type { Trx } from "../db/index.ts";
import { sealedTermMacs } from "../crypto/index.ts";

/** A claim whose blind-index terms are (re)written: its plain search key, and whether it is confidential. */
export interface SealedTermSource {
  claimId: string;
  searchKey: string | null | undefined;
  confidential: boolean;
}

/**
 * Writes the blind-index terms of claims (src/crypto/blind-index.ts): the MACs of each
 * confidential claim's search terms, split by `sabt_search_terms` exactly as plain terms are.
 * With `replace`, the claims' earlier terms are removed first (a changed value or visibility).
 */
export async function writeSealedTerms(trx: Trx, claims: readonly SealedTermSource[], opts: { replace: boolean }): Promise<void> {
  if (opts.replace && claims.length > 0) {
    await trx.deleteFrom("claim_sealed_term").where("claim_id", "in", claims.map((c) => c.claimId)).execute();
  }
  const sealed = claims.filter((c) => c.confidential && c.searchKey);
  if (sealed.length === 0) return;
  const split = await sql<{ i: number; terms: string[] | null }>`
    SELECT x.i::int AS i, sabt_search_terms(x.k) AS terms
    FROM unnest(${sealed.map((c) => c.searchKey!)}::text[]) WITH ORDINALITY AS x(k, i)`.execute(trx);
  const macs: string[] = [];
  const ids: string[] = [];
  for (const r of split.rows) {
    const id = sealed[r.i - 1]!.claimId;
    for (const m of sealedTermMacs(r.terms ?? [])) {
      macs.push(m);
      ids.push(id);
    }
  }
  if (macs.length === 0) return;
  await sql`
    INSERT INTO claim_sealed_term (mac, claim_id)
    SELECT * FROM unnest(${macs}::text[], ${ids}::text[]) ON CONFLICT DO NOTHING`.execute(trx);
}
