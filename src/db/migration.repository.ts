import { sql } from "kysely";
import type { Db } from "./database.ts";

/**
 * The names of the migrations applied to this database, in order; empty when the migration
 * table does not exist yet (a fresh database). Reading Kysely's table directly is much faster
 * than the Migrator, whose schema introspection costs about a second on PGlite at every start.
 */
export async function findAppliedMigrationNames(db: Db): Promise<string[]> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('kysely_migration')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return [];
  const r = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return r.rows.map((x) => x.name);
}
