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

// The tables the public projection reads (`public_entity`, `public_claim`, `public_merge`,
// `public_estimate` and the facets finding people reads).
const PUBLIC_TABLES = ["claim", "entity", "person_merge", "estimate_run", "sabt_derived.person_facet", "sabt_derived.person_facet_key"] as const;

// How far a table's size may drift from what its statistics were taken on before they are taken
// again: PostgreSQL's own autovacuum waits for a tenth of the table (`autovacuum_analyze_scale_factor`).
const STALE_FRACTION = 0.1;
const STALE_MIN_ROWS = 50;

/**
 * Refreshes the statistics of the tables the public site reads when any is stale: never analyzed,
 * or changed in size by more than a tenth since (PostgreSQL's autovacuum rule, which PGlite never
 * applies by itself). Counting them takes tens of milliseconds where analyzing them took two
 * seconds on the 2,000-victim demo, so a site exported again with statistics still current skips it.
 * @returns whether the statistics were refreshed
 */
export async function refreshStalePublicStatistics(db: Db): Promise<boolean> {
  const counts = PUBLIC_TABLES.map((t) => sql`SELECT (SELECT count(*) FROM ${sql.table(t)})::float8 AS rows, (SELECT reltuples FROM pg_class WHERE oid = ${t}::regclass)::float8 AS planned`);
  const r = await sql<{ rows: number; planned: number }>`${sql.join(counts, sql` UNION ALL `)}`.execute(db);
  // reltuples is -1 for a table never analyzed (and 0 for one analyzed empty).
  const stale = r.rows.some((t) => t.planned < 0 || Math.abs(t.rows - t.planned) > Math.max(STALE_MIN_ROWS, STALE_FRACTION * t.planned));
  if (!stale) return false;
  await sql`ANALYZE ${sql.join(PUBLIC_TABLES.map((t) => sql.table(t)))}`.execute(db);
  await vacuumFacets(db);
  return true;
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
