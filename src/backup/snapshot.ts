/**
 * An online copy of the embedded (PGlite) database, for automatic backups that must not stall
 * the server.
 *
 * Why a file copy: PGlite has one connection, so any dump that reads one consistent state through
 * it holds every request for the whole read (about 14 s on the demo). Reading in short
 * transactions instead would mix states (an audit entry without the claim it records), and
 * PGlite cannot export a snapshot to a second connection. PostgreSQL's own online base backup
 * protocol is consistent by construction and needs the connection only for moments:
 * `pg_backup_start` (one checkpoint), an asynchronous copy of the files while requests and writes
 * go on, `pg_backup_stop`, then the WAL written meanwhile. Opening the copy replays that WAL (the
 * torn pages of a file copied mid-write are repaired from full-page images), which yields exactly
 * the state of one moment near the end of the copy. The copy is then dumped in a worker thread,
 * so neither its start-up nor its reads run on the server's thread.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/index.ts";
import { releaseBackupWal, reserveBackupWal, startBaseBackup, stopBaseBackup } from "./snapshot.repository.ts";

// Per PostgreSQL's base-backup rules: directories whose contents are not copied (the server
// recreates or does not need them), and files that must not be in a copy.
const EMPTY_DIRS = new Set(["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"]);
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map"]);

function copyFilter(root: string): (src: string) => boolean {
  return (src) => {
    const rel = path.relative(root, src);
    if (rel === "") return true;
    const parts = rel.split(path.sep);
    if (parts.length === 1) return !SKIP_FILES.has(parts[0]!);
    return !EMPTY_DIRS.has(parts[0]!);
  };
}

/** What to copy: the files but the WAL, or the WAL segments from `fromSegment` (the backup's start) on. */
export type CopyPart = { what: "data" } | { what: "wal"; fromSegment: string };

/**
 * Copies the files of a PGlite directory, leaving out the files a copy must not have.
 * Synchronous: it runs in the backup's worker thread.
 */
export function copyDataDirFiles(pgdata: string, target: string, part: CopyPart): void {
  if (part.what === "data") {
    fs.cpSync(pgdata, target, { recursive: true, filter: copyFilter(pgdata) });
    return;
  }
  // Only the segments replay reads: PGlite keeps up to max_wal_size of old WAL (gigabytes after a
  // large import), which the copy does not need.
  const wal = path.join(target, "pg_wal");
  fs.mkdirSync(path.join(wal, "archive_status"), { recursive: true });
  for (const f of fs.readdirSync(path.join(pgdata, "pg_wal"))) {
    const needed = /^[0-9A-F]{24}$/.test(f) ? f >= part.fromSegment : f.endsWith(".history");
    if (!needed) continue;
    try {
      fs.copyFileSync(path.join(pgdata, "pg_wal", f), path.join(wal, f));
    } catch (e) {
      // A file renamed meanwhile is a recycled old segment, which replay does not read (the
      // slot keeps every segment from the start on).
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
}

/**
 * Copies the live embedded database in `pgdata` to `target` (which must not exist) while the
 * server keeps serving: the connection is held only for the start checkpoint and the stop.
 * `copy` runs `copyDataDirFiles` off the server's thread (many small file operations on the
 * event loop would each wait behind requests). The copy becomes consistent when opened (WAL
 * replay from its backup_label).
 */
export async function copyEmbeddedDatabase(db: Db, pgdata: string, target: string, copy: (part: CopyPart) => Promise<void>): Promise<void> {
  await reserveBackupWal(db);
  try {
    const fromSegment = await startBaseBackup(db, `sabt automatic backup ${new Date().toISOString()}`);
    let label: { labelFile: string; spcmapFile: string };
    try {
      await copy({ what: "data" });
    } finally {
      label = await stopBaseBackup(db);
    }
    // The WAL from the start checkpoint to the stop, copied after the stop so that it is all there.
    await copy({ what: "wal", fromSegment });
    fs.writeFileSync(path.join(target, "backup_label"), label.labelFile);
    if (label.spcmapFile) fs.writeFileSync(path.join(target, "tablespace_map"), label.spcmapFile);
  } finally {
    await releaseBackupWal(db);
  }
}
