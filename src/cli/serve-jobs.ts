/**
 * The periodic work `sabt serve` does besides answering requests: rolling backups of the
 * embedded database, re-verification of every stored evidence file, and deleting sessions that
 * have run out. Started once the server listens, stopped (each waiting for a run in progress)
 * before the database is closed.
 */
import path from "node:path";
import { scheduleReverification, type BlobStore } from "../archive/index.ts";
import { purgeExpiredSessions, SESSION_IDLE_MS } from "../auth/index.ts";
import { rollingBackup } from "../backup/index.ts";
import type { Config } from "../config/index.ts";
import type { DatabaseHandle } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";

/** How often run-out sessions are deleted: half the idle timeout, so none lingers much longer. */
export const SESSION_PURGE_MS = SESSION_IDLE_MS / 2;

/** The actor named in the custody log for scheduled re-verification. */
export const REVERIFY_ACTOR = "system:reverify";

/** Intervals that tests shorten; by default they come from the configuration. */
export interface ServeJobIntervals {
  /** Between re-verifications (default SABT_REVERIFY_HOURS; 0 = off). */
  reverifyMs?: number;
  /** Between session purges (default SESSION_PURGE_MS). */
  sessionPurgeMs?: number;
}

/** The running periodic work of a server. */
export interface ServeJobs {
  /** Stops every timer and waits for the runs in progress. */
  stop(): Promise<void>;
}

/**
 * Runs a task now (when asked) and then every intervalMs, one run at a time: a run that is still
 * going when the next is due delays it rather than overlapping it. The task handles its own errors.
 */
function repeat(intervalMs: number, task: () => Promise<void>, runNow: boolean): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(task);
  };
  if (runNow) run();
  const timer = setInterval(run, intervalMs);
  // The HTTP server keeps the process alive; a pending job must not keep a stopping one alive.
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/**
 * Starts the periodic work of `sabt serve`: backups (PGlite only, SABT_BACKUP_INTERVAL_MIN, one at
 * once), re-verification of the evidence files (SABT_REVERIFY_HOURS; failures are logged by item id
 * and recorded as "verification_failed" in the item's custody log) and the session purge (at start,
 * then every SESSION_PURGE_MS).
 * @example const jobs = startServeJobs(handle, config, openBlobStore(config.blobStore)); … await jobs.stop();
 */
export function startServeJobs(handle: DatabaseHandle, config: Config, store: BlobStore, intervals: ServeJobIntervals = {}): ServeJobs {
  const stops: (() => Promise<void>)[] = [];

  // Rolling automatic backups of the embedded database: PGlite runs with fsync off, so a recent
  // consistent copy is what survives a crash that leaves the directory unusable.
  if (handle.engine === "pglite" && config.backupIntervalMin > 0 && config.backupKeep > 0) {
    const dir = path.join(config.dataDir, "backups");
    const backup = async () => {
      try {
        const file = await rollingBackup(handle.db, dir, config.backupKeep);
        Logger.info("backup", "automatic backup written", { file: path.basename(file) });
      } catch (e) {
        Logger.error("backup", "automatic backup failed", { error: (e as Error).message });
      }
    };
    stops.push(repeat(config.backupIntervalMin * 60_000, backup, true));
  }

  const reverifyMs = intervals.reverifyMs ?? config.reverifyHours * 3_600_000;
  if (reverifyMs > 0) {
    const schedule = scheduleReverification(handle.db, store, reverifyMs, { recordAs: REVERIFY_ACTOR });
    stops.push(() => schedule.stop());
  }

  const purge = async () => {
    try {
      const deleted = await purgeExpiredSessions(handle.db);
      if (deleted > 0) Logger.info("auth", "expired sessions deleted", { deleted });
    } catch (e) {
      Logger.error("auth", "session purge failed", { error: (e as Error).message });
    }
  };
  stops.push(repeat(intervals.sessionPurgeMs ?? SESSION_PURGE_MS, purge, true));

  return {
    async stop() {
      await Promise.all(stops.map((s) => s()));
    },
  };
}
