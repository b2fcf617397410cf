import type { Db, Trx } from "../db/index.ts";

/** A page of confidential claims' stored value columns, by id (for re-encryption). */
export async function findConfidentialClaimValues(db: Db, afterId: string, limit: number) {
  return db
    .selectFrom("claim")
    .select(["id", "value_type", "value", "value_text", "search_key", "ref_id", "date_earliest", "date_latest", "num_value", "visibility"])
    .where("visibility", "=", "confidential")
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Rewrites a claim's stored value columns in place. Re-encryption changes no fact, so it makes no
 * new version or revision; the audit log records the rotation itself.
 */
export async function updateClaimValueColumns(
  trx: Trx,
  id: string,
  cols: { value: string; value_text: string; search_key: string; ref_id: string | null; date_earliest: string | null; date_latest: string | null; num_value: string | number | null },
): Promise<void> {
  await trx.updateTable("claim").set(cols).where("id", "=", id).execute();
}

/** Every sealed TOTP secret. */
export async function findTotpSecrets(db: Db): Promise<{ id: string; totp_secret: string | null }[]> {
  return db.selectFrom("app_user").select(["id", "totp_secret"]).where("totp_secret", "is not", null).execute();
}

/** Stores a re-sealed TOTP secret. */
export async function updateTotpSecretRaw(trx: Trx, id: string, sealed: string): Promise<void> {
  await trx.updateTable("app_user").set({ totp_secret: sealed }).where("id", "=", id).execute();
}

/** Every confidential entity's stored label (for re-encryption). */
export async function findConfidentialEntityLabels(db: Db): Promise<{ id: string; label: string }[]> {
  return db.selectFrom("entity").select(["id", "label"]).where("visibility", "=", "confidential").orderBy("id").execute();
}

/** Stores a re-sealed entity label in place (no new version: no fact changed). */
export async function updateEntityLabelRaw(trx: Trx, id: string, sealed: string): Promise<void> {
  await trx.updateTable("entity").set({ label: sealed }).where("id", "=", id).execute();
}
