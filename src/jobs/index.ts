/**
 * The durable job engine: jobs stored in the `job` table, claimed with `FOR UPDATE SKIP LOCKED`
 * under a lease that a heartbeat renews (a job whose process died is claimed again when its lease
 * runs out), retried with backoff, limited per kind across processes, cancellable, and recurring
 * schedules that run once per slot across every process. Handlers live beside their capability
 * (`<capability>/<name>.job.ts`, typed with `shared/job.ts`); `server/jobs.ts` lists every kind.
 */
export type { Job, JobDefinition, JobKind, JobSchedule, JobState, ScheduledJob } from "./job.types.ts";
export { defineJob, enqueueJob, enqueueDueSchedules, listSchedules, listJobs, getJob, cancelJob, retryJob, rowToJob } from "./job.service.ts";
export { startJobRunner, type JobRunner, type JobRunnerOptions } from "./runner.ts";
export { retryDelayMs, slotStart, nextScheduledRun, DEFAULT_BACKOFF, type Backoff } from "./timing.ts";
