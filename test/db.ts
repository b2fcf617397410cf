import { afterAll } from "vitest";
import fs from "node:fs";
import pg from "pg";
import { openDatabase, type DatabaseHandle } from "../src/db/index.ts";
import { PG_TEMPLATE_DB, tempDir, templateDataDir, withDatabase } from "./template.ts";

/** A database for one test file, with the env a `sabt` child process needs to reach it. */
export interface TestDatabase extends DatabaseHandle {
  /** SABT_DATA_DIR / DATABASE_URL for CLI child processes (only after `close()` on PGlite). */
  readonly env: Record<string, string>;
  readonly dataDir: string;
}

/**
 * Clones the migrated template: a copied PGlite directory, or `CREATE DATABASE … TEMPLATE` on
 * the server named by DATABASE_URL. Call once per test file (`beforeAll`), close in `afterAll`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = tempDir();
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `sabt_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const dbUrl = withDatabase(url, name);
    const h = await openDatabase({ dataDir, databaseUrl: dbUrl }, { migrate: false });
    return {
      ...h,
      dataDir,
      env: { SABT_DATA_DIR: dataDir, DATABASE_URL: dbUrl },
      async close() {
        await h.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  fs.cpSync(templateDataDir(), dataDir, { recursive: true });
  const h = await openDatabase({ dataDir, databaseUrl: undefined }, { migrate: false });
  return { ...h, dataDir, env: { SABT_DATA_DIR: dataDir } };
}

/**
 * A fresh database for CLI child processes, not opened here: a copied PGlite directory, or a
 * database cloned from the template on the PostgreSQL server.
 */
export async function createTestDataDir(): Promise<{ env: Record<string, string>; dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = tempDir();
  const url = process.env.DATABASE_URL;
  if (!url) {
    fs.cpSync(templateDataDir(), dataDir, { recursive: true });
    return { env: { SABT_DATA_DIR: dataDir }, dataDir, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `sabt_c_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
  await admin.end();
  return {
    env: { SABT_DATA_DIR: dataDir, DATABASE_URL: withDatabase(url, name) },
    dataDir,
    async cleanup() {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test file's maker of fresh CLI data directories; each is removed after the file's tests. */
export function testDataDirs(): () => ReturnType<typeof createTestDataDir> {
  const made: Awaited<ReturnType<typeof createTestDataDir>>[] = [];
  afterAll(async () => {
    for (const d of made) await d.cleanup();
  });
  return async () => {
    const d = await createTestDataDir();
    made.push(d);
    return d;
  };
}
