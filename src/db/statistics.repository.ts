import { sql } from "kysely";
import type { Db } from "./database.ts";

/**
 * Refreshes the planner's statistics of every table. PGlite has no autovacuum, so after a bulk
 * load (the demo, a linkage run) the planner still believes the tables nearly empty and picks
 * nested loops that re-read the public views once per row: the sitemap of the 100-victim demo took
 * 55 s before and 60 ms after. A few hundred milliseconds on a demo-sized collection.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  await sql`ANALYZE`.execute(db);
}
