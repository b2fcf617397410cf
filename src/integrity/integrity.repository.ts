import type { Db, Trx } from "../db/index.ts";

const BACKFILL = "commitments_backfill";

/** True while the rows written before migration 0011 still wait for their commitments. */
export async function isBackfillDue(db: Db): Promise<boolean> {
  const r = await db.selectFrom("integrity_state").select("value").where("key", "=", BACKFILL).executeTakeFirst();
  return r?.value === "due";
}

/** Records that the commitments of the rows from before migration 0011 are made. */
export async function markBackfillDone(trx: Trx): Promise<void> {
  await trx.deleteFrom("integrity_state").where("key", "=", BACKFILL).execute();
}
