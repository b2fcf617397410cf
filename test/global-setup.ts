import fs from "node:fs";
import pg from "pg";
import { Kysely, PostgresDialect, sql } from "kysely";
import { migrateToLatest, openPglite, PGliteDialect, pgliteDir } from "../src/db/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import type { Database } from "../src/db/index.ts";
import { PG_TEMPLATE_DB, templateDataDir, withDatabase } from "./template.ts";

/**
 * Migrates one template database for the whole run: a PGlite data directory (initdb costs
 * seconds) or a PostgreSQL template database that each test file clones.
 */
export default async function setup(): Promise<() => Promise<void>> {
  setLogLevel("silent");
  process.env.SABT_TEST_RUN = `${process.pid}`;
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: withDatabase(url, PG_TEMPLATE_DB), max: 1 }) }),
    });
    await migrateToLatest(db);
    await db.destroy();
    return async () => {};
  }
  const dir = templateDataDir();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const pglite = await openPglite(pgliteDir(dir));
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  await migrateToLatest(db);
  await sql`CHECKPOINT`.execute(db);
  await db.destroy();
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
