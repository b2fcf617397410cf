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
  await vacuumFacets(db);
}

/**
 * Vacuums the facets finding people reads (`sabt_derived.person_facet` and `person_facet_key`)
 * after a bulk change, which PGlite never does by itself: until then every index read of them also
 * visits the table to learn whether each row is visible (counting a list's first 1,000 people took
 * 40 ms instead of 1.5) and their index's queue of new entries is read by every search. Not inside
 * a transaction, where PostgreSQL refuses VACUUM: the caller's commit comes first.
 */
export async function vacuumFacets(db: Db): Promise<void> {
  if (db.isTransaction) return;
  await sql`VACUUM sabt_derived.person_facet, sabt_derived.person_facet_key`.execute(db);
}
