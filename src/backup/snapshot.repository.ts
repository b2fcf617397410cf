import { sql } from "kysely";
import type { Db } from "../db/index.ts";

/** The replication slot that keeps the WAL an online copy needs while the copy is taken. */
const SLOT = "sabt_backup";

/**
 * Reserves the WAL from now on with a temporary physical replication slot (dropped at the end of
 * the session at the latest, so a crash never leaves WAL piling up). Without it a checkpoint
 * during the copy could recycle WAL segments the copy needs to become consistent.
 */
export async function reserveBackupWal(db: Db): Promise<void> {
  await sql`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ${SLOT}`.execute(db);
  await sql`SELECT pg_create_physical_replication_slot(${SLOT}, true, true)`.execute(db);
}

/** Releases the WAL reserved by `reserveBackupWal`. */
export async function releaseBackupWal(db: Db): Promise<void> {
  await sql`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ${SLOT}`.execute(db);
}

/**
 * Starts an online (non-exclusive) base backup: a checkpoint, after which files may be copied
 * while writes go on. Returns the name of the WAL segment replay of the copy starts in.
 */
export async function startBaseBackup(db: Db, label: string): Promise<string> {
  const r = await sql<{ wal: string }>`SELECT pg_walfile_name(pg_backup_start(${label}, true)) AS wal`.execute(db);
  return r.rows[0]!.wal;
}

/** Ends the online base backup; returns the backup_label (and tablespace map) the copy must hold. */
export async function stopBaseBackup(db: Db): Promise<{ labelFile: string; spcmapFile: string }> {
  const r = await sql<{ labelfile: string; spcmapfile: string | null }>`SELECT labelfile, spcmapfile FROM pg_backup_stop(false)`.execute(db);
  const row = r.rows[0]!;
  return { labelFile: row.labelfile, spcmapFile: row.spcmapfile ?? "" };
}

/** The schema that holds pg_buffercache's functions, apart from Sabt's tables (never dumped). */
const BUFFERS = "sabt_backup";

/**
 * Makes pg_buffercache usable when the engine has it (the live embedded database loads it),
 * in a schema of its own. Returns whether it is there.
 */
export async function enableBufferCache(db: Db): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_buffercache') AS ok`.execute(db);
  if (!r.rows[0]?.ok) return false;
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(BUFFERS)}`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_buffercache SCHEMA ${sql.id(BUFFERS)}`.execute(db);
  return true;
}

/**
 * Writes out up to `limit` pages of the buffer cache that hold changes not yet in the data files
 * (each leaves the cache; a later read takes it from the file again). Returns how many it found:
 * fewer than `limit` means the cache held no more. Needs `enableBufferCache`.
 */
export async function writeOutChangedPages(db: Db, limit: number): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM (
      SELECT ${sql.id(BUFFERS, "pg_buffercache_evict")}(bufferid) FROM ${sql.id(BUFFERS, "pg_buffercache")} WHERE isdirty LIMIT ${limit}
    ) x`.execute(db);
  return r.rows[0]?.n ?? 0;
}
