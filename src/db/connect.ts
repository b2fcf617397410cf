import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { pg_buffercache } from "@electric-sql/pglite/contrib/pg_buffercache";
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from "kysely";
import pg from "pg";
import type { Config } from "../config/index.ts";
import { installKeyring, loadKeyring } from "../crypto/index.ts";
import { SabtError, validationError } from "../shared/errors.ts";
import { Logger } from "../shared/logger.ts";
import type { Database, Db } from "./database.ts";
import { lockDataDir, type DataDirLock } from "./lock.ts";
import { findAppliedMigrationNames } from "./migration.repository.ts";
import { migrations } from "./migrations/index.ts";
import { PGliteDialect } from "./pglite-dialect.ts";
import { copyCapablePool } from "./pg-copy.ts";

/** Which engine a handle runs on. */
export type Engine = "pglite" | "postgres";

/** An open database with its engine and a clean shutdown. */
export interface DatabaseHandle {
  readonly db: Db;
  readonly engine: Engine;
  /** Checkpoints (PGlite) and closes the connection, then releases the data directory lock. */
  close(): Promise<void>;
  /**
   * Calls `fn` on each notification of `channel` (SQL `LISTEN`): on PostgreSQL over a connection
   * of its own, kept open and reopened when the server drops it (calling `fn` then too, as
   * notifications may have been missed meanwhile). Resolves with the function that stops listening.
   */
  listen(channel: string, fn: () => void): Promise<() => Promise<void>>;
}

/**
 * Listens on a PostgreSQL channel over a dedicated client (a pooled connection would be handed to
 * queries and lose its LISTEN). A dropped connection is reopened after a second.
 */
async function listenOnServer(connectionString: string, channel: string, fn: () => void): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on("notification", (n) => {
      if (n.channel === channel) fn();
    });
    c.on("error", (e) => {
      Logger.warn("db", "the connection listening for changes was closed; it will be reopened", { error: e.message });
      c.end().catch(() => undefined);
      if (!stopped && client === c) {
        client = undefined;
        retry = setTimeout(() => void reconnect(), 1000);
        retry.unref();
      }
    });
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
  };
  const reconnect = async (): Promise<void> => {
    if (stopped) return;
    try {
      await connect();
      fn();
    } catch (e) {
      Logger.warn("db", "could not reopen the connection listening for changes; retrying", { error: (e as Error).message });
      retry = setTimeout(() => void reconnect(), 1000);
      retry.unref();
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

const DATE_OID = 1082;
const INT8_OID = 20;

// Dates stay ISO strings: a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(DATE_OID, (v) => v);

/** The channel on which the database announces changes of public data (migration 0012). */
export const PUBLIC_CHANGE_CHANNEL = "sabt_public_change";

/** The directory inside the data directory that holds PGlite's files. */
export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, "pgdata");
}

// The PGlite directory of each open embedded database, so that work which must read the files
// themselves (the automatic backup's online copy) can find them from the Db alone.
const embeddedDirs = new WeakMap<Db, string>();

/** The on-disk PGlite directory of a database opened by `openDatabase`; undefined on PostgreSQL. */
export function embeddedDataDirOf(db: Db): string | undefined {
  return embeddedDirs.get(db);
}

/**
 * Opens an embedded database directory that is not Sabt's live one (a copy being read by a
 * backup): no lock, no key file, no migrations. Closing does not checkpoint; the copy is thrown away.
 */
export async function openEmbeddedCopy(dir: string): Promise<{ db: Db; close(): Promise<void> }> {
  const pglite = await openPglite(dir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, close: () => db.destroy() };
}

/**
 * Opens PGlite on a directory (or in memory) with the extensions Sabt's migrations need.
 * `bufferCache` adds pg_buffercache, which the live database's automatic backup uses to write
 * out changed pages in short slices before its checkpoint (snapshot.ts in backup/).
 * @param dir a path, or undefined for an in-memory database.
 */
export async function openPglite(dir: string | undefined, options: { bufferCache?: boolean } = {}): Promise<PGlite> {
  return PGlite.create(dir, {
    extensions: options.bufferCache ? { pg_trgm, pg_buffercache } : { pg_trgm },
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => v },
  });
}

/**
 * The one composition point that chooses the dialect (STYLE.md §7): PostgreSQL when
 * DATABASE_URL is set, otherwise PGlite in the data directory, locked against a second process.
 * With `mustExist`, a data directory without an embedded database is refused instead of created
 * (commands that only read, such as `sabt verify`, must not mistake a wrong path for an empty store).
 * @throws SabtError validation_failed when `mustExist` and there is no database; data_dir_locked.
 */
export async function openDatabase(
  config: Pick<Config, "dataDir" | "databaseUrl"> & { encryptionKey?: string | undefined; keyFile?: string | undefined },
  options: { migrate?: boolean; mustExist?: boolean } = {},
): Promise<DatabaseHandle> {
  // Checked before anything is created in the directory (the key file included).
  if (options.mustExist && !config.databaseUrl && !fs.existsSync(path.join(pgliteDir(config.dataDir), "PG_VERSION"))) {
    throw validationError(`SABT_DATA_DIR: there is no Sabt database in ${path.resolve(config.dataDir)} (check the path)`);
  }
  // The key that seals confidential values lives outside the database (SABT_ENCRYPTION_KEY,
  // SABT_KEY_FILE, or <data dir>/keys/sabt.key); the claim repository uses it from here on.
  installKeyring(loadKeyring({ dataDir: config.dataDir, encryptionKey: config.encryptionKey, keyFile: config.keyFile }));
  let handle: DatabaseHandle;
  if (config.databaseUrl) {
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // An idle connection can be cut by the server (restart, failover, an administrator ending
    // sessions). pg then emits "error" on the pool, which would crash the process without a
    // listener; the pool already drops that client and opens a fresh one for the next query.
    pool.on("error", (e) => Logger.warn("db", "a PostgreSQL connection was closed by the server; it will be replaced", { error: e.message }));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyCapablePool(pool) }), log: logSlowQueries });
    const url = config.databaseUrl;
    handle = {
      db,
      engine: "postgres",
      close: () => db.destroy(),
      listen: (channel, fn) => listenOnServer(url, channel, fn),
    };
  } else {
    const lock: DataDirLock = lockDataDir(config.dataDir);
    let pglite: PGlite;
    try {
      pglite = await openPglite(pgliteDir(config.dataDir), { bufferCache: true });
    } catch (e) {
      lock.release();
      throw new SabtError(
        "integrity_failed",
        `The embedded database in ${pgliteDir(config.dataDir)} could not be opened (${(e as Error).message}). ` +
          `Restore the newest automatic backup from ${path.join(config.dataDir, "backups")} with \`sabt restore\` into an empty data directory.`,
      );
    }
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: logSlowQueries });
    embeddedDirs.set(db, pgliteDir(config.dataDir));
    handle = {
      db,
      engine: "pglite",
      // One connection, one process: a notification reaches this process's listeners on commit.
      listen: async (channel, fn) => {
        const stop = await pglite.listen(channel, () => fn());
        return () => stop();
      },
      async close() {
        try {
          // PGlite runs with fsync off: a checkpoint before closing leaves a directory that reopens
          // without WAL replay.
          await sql`CHECKPOINT`.execute(db);
          await db.destroy();
        } finally {
          lock.release();
        }
      },
    };
  }
  if (options.migrate !== false) {
    try {
      await migrateToLatest(handle.db);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  return handle;
}

/** The names of every migration this version of Sabt knows, in the order they run. */
export function knownMigrationNames(): string[] {
  return Object.keys(migrations).sort();
}

/** The name of the newest migration: the schema version written into backups. */
export function latestMigrationName(): string {
  return knownMigrationNames().at(-1) ?? "";
}

/**
 * Runs every pending migration; throws with the failing migration's name. When every migration
 * is already applied it returns after one cheap query, so an existing data directory starts fast.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const applied = await findAppliedMigrationNames(db);
  const known = knownMigrationNames();
  if (applied.length === known.length && applied.every((n, i) => n === known[i])) return;
  await runMigrator(db, (m) => m.migrateToLatest());
}

/**
 * Migrates up (or down) to the named migration: a restore first builds the schema its backup
 * was written with, loads the rows, then migrates to the latest schema.
 */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<void> {
  await runMigrator(db, (m) => m.migrateTo(name));
}

async function runMigrator(db: Kysely<Database>, run: (m: Migrator) => Promise<MigrationResultSet>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await run(migrator);
  for (const r of results ?? []) {
    if (r.status === "Success") Logger.info("db", "migrated", { migration: r.migrationName });
    if (r.status === "Error") Logger.error("db", "migration failed", { migration: r.migrationName });
  }
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}

// Bulk writes (5,000 rows per statement through jsonb_populate_recordset, or a COPY), maintenance
// statements and reads marked as passes over a whole collection (`/* sabt:bulk */`, the static
// export's digests) are slow by design; warning about them only buries the slow queries that matter.
const BULK_STATEMENT = /jsonb_populate_recordset|\/\* sabt:bulk \*\/|^\s*(ANALYZE|CHECKPOINT|VACUUM|COPY)\b/i;

function logSlowQueries(event: { level: string; queryDurationMillis: number; query: { sql: string } }) {
  if (event.level === "error") {
    Logger.debug("db", "query error", { sql: event.query.sql.slice(0, 200) });
  } else if (event.queryDurationMillis > 500) {
    const fields = { ms: Math.round(event.queryDurationMillis), sql: event.query.sql.slice(0, 200) };
    if (BULK_STATEMENT.test(event.query.sql)) Logger.debug("db", "bulk statement", fields);
    else Logger.warn("db", "slow query", fields);
  }
}
