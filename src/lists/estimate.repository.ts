/**
 * All SQL of estimation runs and their publication.
 */
import type { Db, Trx } from "../db/index.ts";
import type { EstimateRunRow, NewEstimateRunRow } from "../db/index.ts";


/** Inserts a run. */
export async function insertEstimateRun(trx: Trx, row: NewEstimateRunRow): Promise<void> {
  await trx.insertInto("estimate_run").values(row).execute();
}

/** Recent runs, newest first, without their plots and full results. */
export async function findEstimateRuns(
  db: Db,
  limit: number,
): Promise<Omit<EstimateRunRow, "svg" | "result" | "options">[]> {
  return db
    .selectFrom("estimate_run")
    .select([
      "id",
      "link_run_id",
      "method",
      "seed",
      "strata",
      "list_ids",
      "observed",
      "records",
      "median",
      "lower",
      "upper",
      "level",
      "actor",
      "created_at",
      "published",
      "label_fa",
      "label_en",
      "published_at",
      "published_by",
    ])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** One run with everything. */
export async function findEstimateRun(db: Db, id: string): Promise<EstimateRunRow | undefined> {
  return db.selectFrom("estimate_run").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Sets (or clears) a run's publication. */
export async function updateEstimatePublication(
  trx: Trx,
  id: string,
  p: { published: boolean; label_fa: string | null; label_en: string | null; published_at: Date | null; published_by: string | null },
): Promise<void> {
  await trx.updateTable("estimate_run").set(p).where("id", "=", id).execute();
}
