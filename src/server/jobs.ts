/**
 * Every kind of durable job Sabt runs and every recurring schedule, in one place (the composition
 * root): handlers live beside their capability (`<capability>/<name>.job.ts`), the engine in
 * src/jobs/. `sabt serve` and `sabt worker` start a runner over these; `sabt jobs` lists them.
 */
import { z } from "zod";
import { CAPTURE, captureJob, PDF_TEXT, pdfTextJob, REVERIFY_ACTOR, runReverifyJob, type BlobStore } from "../archive/index.ts";
import { runSessionPurgeJob, SESSION_PURGE_MS } from "../auth/index.ts";
import { runAutoBackupJob } from "../backup/index.ts";
import type { Config } from "../config/index.ts";
import type { DatabaseHandle, Db, Engine } from "../db/index.ts";
import { defineJob, startJobRunner, type JobDefinition, type JobRunner, type JobSchedule } from "../jobs/index.ts";
import { ESTIMATE_RUN, estimateRunJob, linkRunJob, LINK_RUN } from "../lists/index.ts";

export { REVERIFY_ACTOR };

/** The kinds of the scheduled jobs. */
export const REVERIFY_JOB = "archive.reverify";
export const AUTO_BACKUP_JOB = "backup.auto";
export const SESSION_PURGE_JOB = "auth.session-purge";

const NoPayload = z.object({}).strict();

/** What the job handlers need from the running process. */
export interface JobDeps {
  db: Db;
  config: Config;
  store: BlobStore;
}

/** Every job kind, bound to the process's database, configuration and blob store. */
export function jobDefinitions({ db, config, store }: JobDeps): JobDefinition[] {
  return [
    // A run re-reads every stored file: one at a time across all processes.
    defineJob({ kind: REVERIFY_JOB, payload: NoPayload, concurrency: 1, maxAttempts: 3, run: (_, ctx) => runReverifyJob(db, store, ctx) }),
    defineJob({ kind: AUTO_BACKUP_JOB, payload: NoPayload, concurrency: 1, maxAttempts: 2, run: () => runAutoBackupJob(db, config.dataDir, config.backupKeep) }),
    defineJob({ kind: SESSION_PURGE_JOB, payload: NoPayload, concurrency: 1, maxAttempts: 3, run: () => runSessionPurgeJob(db) }),
    defineJob({ ...LINK_RUN, run: (p, ctx) => linkRunJob(db, p, ctx) }),
    defineJob({ ...ESTIMATE_RUN, run: (p, ctx) => estimateRunJob(db, p, ctx) }),
    defineJob({ ...CAPTURE, run: (p, ctx) => captureJob(store)(db, p, ctx) }),
    defineJob({ ...PDF_TEXT, run: (p, ctx) => pdfTextJob(store)(db, p, ctx) }),
  ];
}

/** Intervals tests shorten; by default they come from the configuration. */
export interface ScheduleIntervals {
  reverifyMs?: number;
  backupMs?: number;
  sessionPurgeMs?: number;
}

/**
 * The recurring jobs of this configuration: automatic backups (embedded engine only,
 * SABT_BACKUP_INTERVAL_MIN, when SABT_BACKUP_KEEP > 0), re-verification (SABT_REVERIFY_HOURS, when
 * set) and the session purge (every SESSION_PURGE_MS). Each runs once per slot across all processes.
 */
export function jobSchedules(config: Config, engine: Engine, intervals: ScheduleIntervals = {}): JobSchedule[] {
  const out: JobSchedule[] = [];
  const backupMs = intervals.backupMs ?? config.backupIntervalMin * 60_000;
  // A PostgreSQL server has its own backups and replication; PGlite runs with fsync off.
  if (engine === "pglite" && backupMs > 0 && config.backupKeep > 0) {
    out.push({ kind: AUTO_BACKUP_JOB, everyMs: backupMs, description: "automatic backup of the embedded database" });
  }
  const reverifyMs = intervals.reverifyMs ?? config.reverifyHours * 3_600_000;
  if (reverifyMs > 0) out.push({ kind: REVERIFY_JOB, everyMs: reverifyMs, description: "re-verify every stored evidence file" });
  out.push({ kind: SESSION_PURGE_JOB, everyMs: intervals.sessionPurgeMs ?? SESSION_PURGE_MS, description: "delete run-out sessions" });
  return out;
}

/**
 * Starts this process's job runner over every kind and schedule. On the embedded engine the data
 * directory lock guarantees no other process holds jobs, so jobs left running by a killed process
 * are taken up at once.
 * @example const runner = startJobs(handle, config, store); … await runner.stop();
 */
export function startJobs(handle: DatabaseHandle, config: Config, store: BlobStore, options: { intervals?: ScheduleIntervals; pollMs?: number } = {}): JobRunner {
  return startJobRunner(handle.db, {
    definitions: jobDefinitions({ db: handle.db, config, store }),
    schedules: jobSchedules(config, handle.engine, options.intervals),
    leaseMs: config.jobLeaseSeconds * 1000,
    soleProcess: handle.engine === "pglite",
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
}
