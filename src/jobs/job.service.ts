import type { Db, JobRow } from "../db/index.ts";
import { newId } from "../shared/slug.ts";
import { notFound, validationError } from "../shared/errors.ts";
import {
  findJobById,
  findJobs,
  findLatestScheduleSlots,
  insertJob,
  insertScheduledJobOnce,
  requestJobCancel,
  requeueEndedJob,
} from "./job.repository.ts";
import { nextScheduledRun, slotStart } from "./timing.ts";
import type { Job, JobDefinition, JobKind, JobSchedule, JobState, ScheduledJob } from "./job.types.ts";

/** The row of a job as the domain type. */
export function rowToJob(r: JobRow): Job {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    runAt: new Date(r.run_at).toISOString(),
    cancelRequested: r.cancel_requested,
    progress: r.progress_done === null ? null : { done: r.progress_done, total: r.progress_total },
    result: r.result,
    lastError: r.last_error,
    scheduleSlot: iso(r.schedule_slot),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    lockedBy: r.locked_by,
  };
}

/**
 * Queues a job of a known kind, its payload checked by the kind's schema. A process running jobs
 * of that kind claims it on its next poll.
 * @throws SabtError validation_failed for a payload the kind refuses.
 * @example const job = await enqueueJob(db, captureJob, { url }, { createdBy: "user:…" });
 */
export async function enqueueJob<P>(db: Db, def: JobKind<P>, payload: P, options: { createdBy?: string; runAt?: Date } = {}): Promise<Job> {
  const parsed = def.payload.safeParse(payload);
  if (!parsed.success) throw validationError(`payload: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const now = new Date();
  const row = await insertJob(db, {
    id: newId(),
    kind: def.kind,
    payload: JSON.stringify(parsed.data),
    max_attempts: def.maxAttempts ?? 5,
    run_at: options.runAt ?? now,
    created_by: options.createdBy ?? null,
    created_at: now,
    updated_at: now,
  });
  return rowToJob(row);
}

/**
 * Queues the run of each schedule's current slot unless a run of that slot exists (in this or any
 * other process).
 * @returns the jobs this call queued.
 */
export async function enqueueDueSchedules(db: Db, schedules: readonly JobSchedule[], defs: ReadonlyMap<string, JobDefinition>, now = new Date()): Promise<Job[]> {
  const queued: Job[] = [];
  for (const s of schedules) {
    const slot = slotStart(now, s.everyMs);
    const row = await insertScheduledJobOnce(db, {
      id: newId(),
      kind: s.kind,
      payload: JSON.stringify(s.payload ?? {}),
      max_attempts: defs.get(s.kind)?.maxAttempts ?? 5,
      run_at: now,
      schedule_slot: slot,
      created_by: "system:schedule",
      created_at: now,
      updated_at: now,
    });
    if (row) queued.push(rowToJob(row));
  }
  return queued;
}

/** Every schedule with its next run (due now when the current slot has no run yet). */
export async function listSchedules(db: Db, schedules: readonly JobSchedule[], now = new Date()): Promise<ScheduledJob[]> {
  const latest = new Map((await findLatestScheduleSlots(db, schedules.map((s) => s.kind))).map((r) => [r.kind, r.slot]));
  return schedules.map((s) => ({
    kind: s.kind,
    description: s.description,
    everyMs: s.everyMs,
    nextRunAt: nextScheduledRun(now, s.everyMs, latest.get(s.kind)).toISOString(),
    lastSlot: latest.get(s.kind)?.toISOString() ?? null,
  }));
}

/** Jobs, newest first. */
export async function listJobs(db: Db, filter: { states?: readonly JobState[]; kinds?: readonly string[]; limit?: number } = {}): Promise<Job[]> {
  return (await findJobs(db, { ...filter, limit: filter.limit ?? 50 })).map(rowToJob);
}

/** One job. @throws SabtError not_found. */
export async function getJob(db: Db, id: string): Promise<Job> {
  const row = await findJobById(db, id);
  if (!row) throw notFound("job");
  return rowToJob(row);
}

/**
 * Cancels a job: a queued one is cancelled at once; a running one is asked to stop, which its
 * runner sees at its next heartbeat.
 * @throws SabtError not_found; validation_failed when the job has already ended.
 */
export async function cancelJob(db: Db, id: string): Promise<Job> {
  const row = await requestJobCancel(db, id, new Date());
  if (row) return rowToJob(row);
  const job = await getJob(db, id);
  throw validationError(`job ${job.id} has already ended (${job.state})`);
}

/**
 * Queues a failed or cancelled job again, with its attempts reset and its checkpoint kept.
 * @throws SabtError not_found; validation_failed when the job has not ended in failure or cancellation.
 */
export async function retryJob(db: Db, id: string): Promise<Job> {
  const row = await requeueEndedJob(db, id, new Date());
  if (row) return rowToJob(row);
  const job = await getJob(db, id);
  throw validationError(`job ${job.id} is ${job.state}: only failed or cancelled jobs can be retried`);
}

/**
 * A job kind with its payload type erased, for lists of kinds with different payloads. Sound because
 * the runner parses every payload with the kind's own schema before calling `run`.
 * @example const defs = [defineJob({ kind: "archive.reverify", payload: z.object({}), run: … })];
 */
export function defineJob<P>(def: JobDefinition<P>): JobDefinition {
  return def as unknown as JobDefinition;
}
