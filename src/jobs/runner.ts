import os from "node:os";
import type { Db } from "../db/index.ts";
import type { JobContext } from "../shared/job.ts";
import { Logger } from "../shared/logger.ts";
import { newId } from "../shared/slug.ts";
import { claimNextJob, endHeldJob, extendJobLease, releaseAllRunningJobs, settleExpiredLeases, updateHeldJob, type JobEnding } from "./job.repository.ts";
import { enqueueDueSchedules } from "./job.service.ts";
import { DEFAULT_BACKOFF, retryDelayMs, type Backoff } from "./timing.ts";
import type { JobDefinition, JobSchedule } from "./job.types.ts";
import type { JobRow } from "../db/index.ts";

/** How a runner polls and holds jobs. */
export interface JobRunnerOptions {
  /** The job kinds this runner may claim (every schedule must name one of them). */
  definitions: readonly JobDefinition[];
  /** Recurring jobs whose slots this runner queues (any number of runners may queue the same ones). */
  schedules?: readonly JobSchedule[];
  /** Between polls when idle (default 1 s). */
  pollMs?: number;
  /** How long a claim holds without a heartbeat; a heartbeat renews it every third of it (default 60 s). */
  leaseMs?: number;
  /** Jobs this process runs at once, all kinds together (default 4). */
  maxRunning?: number;
  backoff?: Backoff;
  /**
   * True when no other process can hold jobs (PGlite locks its data directory): jobs left running
   * at start-up belonged to a dead process and are claimed again at once, without waiting out their lease.
   */
  soleProcess?: boolean;
}

/** A running job runner. */
export interface JobRunner {
  /** This runner's id, stored as `locked_by` of the jobs it holds. */
  readonly workerId: string;
  /** Polls now instead of at the next interval (after queueing a job in this process). */
  wake(): void;
  /**
   * Stops claiming, asks running jobs to stop between steps and waits for them; an interrupted
   * job is handed back (queued again, the attempt not counted) for the next process.
   */
  stop(): Promise<void>;
}

/** Why a held job's signal was aborted. */
type StopReason = "cancelled" | "shutdown" | "lease_lost";

/**
 * Starts polling the job table: each poll queues due schedule slots, settles expired leases that
 * may not be retried, and claims due jobs (each claim its own short transaction, as PGlite has one
 * connection) up to the per-kind limits and `maxRunning`. A held job's lease is renewed by a
 * heartbeat, which also notices a cancel.
 * @example const runner = startJobRunner(db, { definitions, schedules }); … await runner.stop();
 */
export function startJobRunner(db: Db, options: JobRunnerOptions): JobRunner {
  const workerId = `${os.hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  const defs = new Map(options.definitions.map((d) => [d.kind, d]));
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxRunning = options.maxRunning ?? 4;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const running = new Map<string, { stop: () => void; done: Promise<void> }>();
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();
  let again = false;

  const startup = options.soleProcess ? releaseAllRunningJobs(db, new Date()).then(() => undefined) : Promise.resolve();

  async function poll(): Promise<void> {
    await startup;
    if (options.schedules?.length) await enqueueDueSchedules(db, options.schedules, defs);
    await settleExpiredLeases(db, new Date());
    for (const def of defs.values()) {
      while (!stopping && running.size < maxRunning) {
        const now = new Date();
        const row = await db.transaction().execute((trx) => claimNextJob(trx, def.kind, def.concurrency ?? 1, workerId, now, new Date(now.getTime() + leaseMs)));
        if (!row) break;
        hold(def, row);
      }
    }
  }

  function schedulePoll(delay: number) {
    if (stopping) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    // The HTTP server (or `sabt worker`'s wait) keeps the process alive, not the poll timer.
    timer.unref();
  }

  function tick() {
    polling = polling
      .then(poll)
      .catch((e: unknown) => Logger.error("jobs", "poll failed", { error: (e as Error).message }))
      .finally(() => {
        const soon = again;
        again = false;
        schedulePoll(soon ? 0 : pollMs);
      });
  }

  function hold(def: JobDefinition, row: JobRow) {
    const abort = new AbortController();
    let reason: StopReason | undefined;
    const stopWith = (r: StopReason) => {
      reason ??= r;
      abort.abort(new Error(`job ${r}`));
    };
    const heartbeat = setInterval(() => {
      const now = new Date();
      extendJobLease(db, row.id, workerId, new Date(now.getTime() + leaseMs), now)
        .then((held) => {
          if (!held) stopWith("lease_lost");
          else if (held.cancelRequested) stopWith("cancelled");
        })
        .catch((e: unknown) => Logger.warn("jobs", "heartbeat failed", { jobId: row.id, error: (e as Error).message }));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    const ctx: JobContext = {
      jobId: row.id,
      attempt: row.attempts,
      signal: abort.signal,
      checkpoint: row.checkpoint ?? null,
      saveCheckpoint: async (checkpoint, progress) => {
        const held = await updateHeldJob(db, row.id, workerId, { checkpoint, done: progress?.done, total: progress?.total }, new Date());
        if (!held) stopWith("lease_lost");
        abort.signal.throwIfAborted();
      },
      reportProgress: async (done, total) => {
        if (!(await updateHeldJob(db, row.id, workerId, { done, total }, new Date()))) stopWith("lease_lost");
      },
    };
    if (row.cancel_requested) stopWith("cancelled");
    Logger.info("jobs", "job started", { jobId: row.id, kind: row.kind, attempt: row.attempts });
    const done = (async () => {
      let ending: JobEnding;
      try {
        const payload = def.payload.parse(row.payload);
        abort.signal.throwIfAborted();
        const result = await def.run(payload, ctx);
        ending = { state: "succeeded", result };
      } catch (e) {
        ending = endingOf(e, reason, row, backoff);
      } finally {
        clearInterval(heartbeat);
      }
      if (reason === "lease_lost") {
        Logger.warn("jobs", "job lease lost; another process holds it now", { jobId: row.id, kind: row.kind });
        return;
      }
      const written = await endHeldJob(db, row.id, workerId, ending, new Date()).catch((e: unknown) => {
        Logger.error("jobs", "could not record the end of a job", { jobId: row.id, error: (e as Error).message });
        return false;
      });
      const fields = { jobId: row.id, kind: row.kind, state: ending.state, recorded: written };
      if (ending.state === "failed") Logger.error("jobs", "job failed", { ...fields, error: ending.error, retry: ending.retryAt !== null });
      else Logger.info("jobs", "job ended", fields);
    })().finally(() => {
      running.delete(row.id);
      again = true;
      if (!stopping) schedulePoll(0);
    });
    running.set(row.id, { stop: () => stopWith("shutdown"), done });
  }

  schedulePoll(0);
  return {
    workerId,
    wake() {
      again = true;
      schedulePoll(0);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await polling;
      for (const r of running.values()) r.stop();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

/** How an attempt that threw ends, from why its signal was aborted (if it was). */
function endingOf(e: unknown, reason: StopReason | undefined, row: JobRow, backoff: Backoff): JobEnding {
  if (reason === "cancelled") return { state: "cancelled" };
  if (reason === "shutdown") return { state: "released" };
  // Only the message is kept: it is shown to the team, and a stack trace never is.
  const error = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
  const retryAt = row.attempts < row.max_attempts ? new Date(Date.now() + retryDelayMs(row.attempts, backoff)) : null;
  return { state: "failed", error, retryAt };
}
