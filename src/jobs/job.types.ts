import type { z } from "zod";
import type { JobState } from "../db/index.ts";
import type { JobContext } from "../shared/job.ts";

export type { JobState };

/**
 * What queueing a job needs to know of its kind. A capability declares it beside its handler, so
 * that pages and commands can queue the job without the process's handlers (`server/jobs.ts`).
 */
export interface JobKind<Payload = unknown> {
  /** Stable name stored in the job table (`archive.reverify`). */
  readonly kind: string;
  /** Validates a payload when the job is queued and again when it is claimed. */
  readonly payload: z.ZodType<Payload>;
  /** At most this many jobs of the kind run at once, across every process (default 1). */
  readonly concurrency?: number;
  /** Attempts before the job fails for good (default 5). */
  readonly maxAttempts?: number;
}

/** A kind of job the runner knows: how to run it and how many may run at once across all processes. */
export interface JobDefinition<Payload = unknown> extends JobKind<Payload> {
  /** Does the work; resolves with a JSON-serializable result, rejects to fail the attempt. */
  run(payload: Payload, ctx: JobContext): Promise<unknown>;
}

/** A recurring job: one run per slot of `everyMs`, once across every process. */
export interface JobSchedule {
  readonly kind: string;
  readonly everyMs: number;
  /** A short phrase for listings ("re-verify every stored evidence file"). */
  readonly description: string;
  readonly payload?: Record<string, unknown>;
}

/** A job as the services, CLI and workspace see it. */
export interface Job {
  id: string;
  kind: string;
  state: JobState;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  cancelRequested: boolean;
  progress: { done: number; total: number | null } | null;
  result: unknown;
  lastError: string | null;
  scheduleSlot: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lockedBy: string | null;
}

/** A schedule with its next run, as `sabt jobs list` shows it. */
export interface ScheduledJob {
  kind: string;
  description: string;
  everyMs: number;
  nextRunAt: string;
  lastSlot: string | null;
}
