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
import { enableBufferCache, releaseBackupWal, reserveBackupWal, startBaseBackup, stopBaseBackup, writeOutChangedPages } from "./snapshot.repository.ts";

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

/** The steps of an automatic backup on the embedded engine, named for the benchmark's report. */
export type BackupStep = "write out pages" | "reserve WAL" | "start checkpoint" | "copy files" | "stop" | "copy WAL" | "dump";

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

// Pages written out per statement: each takes some 20 to 90 µs (more on a busy machine), so a
// slice holds the server's thread for a few milliseconds.
const PAGES_PER_SLICE = 200;
// Enough slices to write out the whole buffer cache (128 MB: 16,384 pages) twice over, so that
// writes going on meanwhile cannot keep the loop going for ever.
const MAX_SLICES = 2 * Math.ceil(16_384 / PAGES_PER_SLICE);

/**
 * Writes out the pages changed since the last checkpoint in short slices, yielding to requests
 * between them, so that the backup's start checkpoint finds almost nothing left to write. PGlite
 * has no background writer: after a burst of writes up to the whole buffer cache waits for the
 * next checkpoint, which runs on the server's thread in one go (about 100 ms on a quiet machine
 * for a full cache, 250 ms on a busy one), and every request waits behind it.
 */
export async function writeOutInSlices(db: Db): Promise<void> {
  if (!(await enableBufferCache(db))) return;
  for (let i = 0; i < MAX_SLICES; i++) {
    if ((await writeOutChangedPages(db, PAGES_PER_SLICE)) < PAGES_PER_SLICE) return;
    // A macrotask, so that requests waiting for the connection get it before the next slice.
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Copies the live embedded database in `pgdata` to `target` (which must not exist) while the
 * server keeps serving: the connection is held only for moments (slices of the pages to write
 * out, the start checkpoint, the stop).
 * `copy` runs `copyDataDirFiles` off the server's thread (many small file operations on the
 * event loop would each wait behind requests). The copy becomes consistent when opened (WAL
 * replay from its backup_label).
 */
export async function copyEmbeddedDatabase(
  db: Db,
  pgdata: string,
  target: string,
  copy: (part: CopyPart) => Promise<void>,
  onStep: (step: BackupStep) => void = () => undefined,
): Promise<void> {
  onStep("write out pages");
  await writeOutInSlices(db);
  onStep("reserve WAL");
  await reserveBackupWal(db);
  try {
    onStep("start checkpoint");
    const fromSegment = await startBaseBackup(db, `sabt automatic backup ${new Date().toISOString()}`);
    let label: { labelFile: string; spcmapFile: string };
    try {
      onStep("copy files");
      await copy({ what: "data" });
    } finally {
      onStep("stop");
      label = await stopBaseBackup(db);
    }
    // The WAL from the start checkpoint to the stop, copied after the stop so that it is all there.
    onStep("copy WAL");
    await copy({ what: "wal", fromSegment });
    fs.writeFileSync(path.join(target, "backup_label"), label.labelFile);
    if (label.spcmapFile) fs.writeFileSync(path.join(target, "tablespace_map"), label.spcmapFile);
  } finally {
    await releaseBackupWal(db);
  }
}
