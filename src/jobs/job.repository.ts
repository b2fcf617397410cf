import { sql } from "kysely";
import type { Db, JobRow, NewJobRow, Trx } from "../db/index.ts";

/** Inserts a job and returns its row. */
export async function insertJob(db: Db, row: NewJobRow): Promise<JobRow> {
  return db.insertInto("job").values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * Inserts the run of one schedule slot unless some process already did: the unique index on
 * (kind, schedule_slot) makes a scheduled run happen once across every process.
 * @returns the new row, or undefined when the slot already has its run.
 */
export async function insertScheduledJobOnce(db: Db, row: NewJobRow): Promise<JobRow | undefined> {
  return db
    .insertInto("job")
    .values(row)
    .onConflict((oc) => oc.columns(["kind", "schedule_slot"]).where("schedule_slot", "is not", null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** The newest schedule slot that has a run, per kind. */
export async function findLatestScheduleSlots(db: Db, kinds: readonly string[]): Promise<{ kind: string; slot: Date }[]> {
  if (kinds.length === 0) return [];
  const rows = await db
    .selectFrom("job")
    .select(["kind", (eb) => eb.fn.max("schedule_slot").as("slot")])
    .where("kind", "in", kinds)
    .where("schedule_slot", "is not", null)
    .groupBy("kind")
    .execute();
  return rows.flatMap((r) => (r.slot ? [{ kind: r.kind, slot: new Date(r.slot) }] : []));
}

/**
 * Settles running jobs whose lease ran out and that may not be claimed again: cancelled when a
 * cancel was asked for, failed when no attempt is left.
 */
export async function settleExpiredLeases(db: Db, now: Date): Promise<number> {
  const cancelled = await db
    .updateTable("job")
    .set({ state: "cancelled", locked_by: null, locked_until: null, finished_at: now, updated_at: now })
    .where("state", "=", "running")
    .where("locked_until", "<", now)
    .where("cancel_requested", "=", true)
    .executeTakeFirst();
  const failed = await db
    .updateTable("job")
    .set({ state: "failed", locked_by: null, locked_until: null, finished_at: now, updated_at: now, last_error: "the process running it stopped and no attempt is left" })
    .where("state", "=", "running")
    .where("locked_until", "<", now)
    .whereRef("attempts", ">=", "max_attempts")
    .executeTakeFirst();
  return Number(cancelled.numUpdatedRows) + Number(failed.numUpdatedRows);
}

/**
 * Claims the next due job of a kind for a runner, unless `limit` jobs of the kind already hold a
 * live lease. A due job is queued with run_at reached, or running with its lease run out (its
 * process died). A transaction-scoped advisory lock per kind makes the count-then-claim atomic
 * between processes; `SKIP LOCKED` keeps a claim from waiting on a row another transaction holds.
 */
export async function claimNextJob(trx: Trx, kind: string, limit: number, workerId: string, now: Date, leaseUntil: Date): Promise<JobRow | undefined> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`sabt-job:${kind}`}))`.execute(trx);
  const { running } = await trx
    .selectFrom("job")
    .select((eb) => eb.fn.countAll<string>().as("running"))
    .where("kind", "=", kind)
    .where("state", "=", "running")
    .where("locked_until", ">=", now)
    .executeTakeFirstOrThrow();
  if (Number(running) >= limit) return undefined;
  const next = await trx
    .selectFrom("job")
    .select("id")
    .where("kind", "=", kind)
    .where((eb) =>
      eb.or([
        eb.and([eb("state", "=", "queued"), eb("run_at", "<=", now)]),
        eb.and([eb("state", "=", "running"), eb("locked_until", "<", now), eb("attempts", "<", eb.ref("max_attempts")), eb("cancel_requested", "=", false)]),
      ]),
    )
    .orderBy("run_at")
    .orderBy("created_at")
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!next) return undefined;
  return trx
    .updateTable("job")
    .set((eb) => ({
      state: "running",
      attempts: eb("attempts", "+", 1),
      locked_by: workerId,
      locked_until: leaseUntil,
      started_at: eb.fn.coalesce("started_at", sql<Date>`${now}::timestamptz`),
      finished_at: null,
      updated_at: now,
    }))
    .where("id", "=", next.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Extends the lease of a job the runner still holds.
 * @returns whether a cancel was asked for, or undefined when the runner no longer holds the job.
 */
export async function extendJobLease(db: Db, id: string, workerId: string, leaseUntil: Date, now: Date): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await db
    .updateTable("job")
    .set({ locked_until: leaseUntil, updated_at: now })
    .where("id", "=", id)
    .where("locked_by", "=", workerId)
    .where("state", "=", "running")
    .returning("cancel_requested")
    .executeTakeFirst();
  return row ? { cancelRequested: row.cancel_requested } : undefined;
}

/** Records a held job's checkpoint and/or progress. @returns false when the runner no longer holds it. */
export async function updateHeldJob(
  db: Db,
  id: string,
  workerId: string,
  set: { checkpoint?: unknown; done?: number; total?: number | null },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable("job")
    .set({
      ...(set.checkpoint !== undefined ? { checkpoint: JSON.stringify(set.checkpoint) } : {}),
      ...(set.done !== undefined ? { progress_done: set.done, progress_total: set.total ?? null } : {}),
      updated_at: now,
    })
    .where("id", "=", id)
    .where("locked_by", "=", workerId)
    .where("state", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How a held job ends: done, failed (retried at `retryAt` or for good), cancelled, or handed back. */
export type JobEnding =
  | { state: "succeeded"; result: unknown }
  | { state: "failed"; error: string; retryAt: Date | null }
  | { state: "cancelled" }
  | { state: "released" };

/** Ends a job the runner holds. @returns false when the runner no longer held it (nothing written). */
export async function endHeldJob(db: Db, id: string, workerId: string, ending: JobEnding, now: Date): Promise<boolean> {
  const unlock = { locked_by: null, locked_until: null, updated_at: now };
  const q = db.updateTable("job").where("id", "=", id).where("locked_by", "=", workerId).where("state", "=", "running");
  let r;
  switch (ending.state) {
    case "succeeded":
      r = await q.set({ ...unlock, state: "succeeded", result: JSON.stringify(ending.result ?? null), finished_at: now, last_error: null }).executeTakeFirst();
      break;
    case "failed":
      r = ending.retryAt
        ? await q.set({ ...unlock, state: "queued", run_at: ending.retryAt, last_error: ending.error }).executeTakeFirst()
        : await q.set({ ...unlock, state: "failed", last_error: ending.error, finished_at: now }).executeTakeFirst();
      break;
    case "cancelled":
      r = await q.set({ ...unlock, state: "cancelled", finished_at: now }).executeTakeFirst();
      break;
    case "released":
      // A stopping process hands the job back; the interrupted claim does not count as an attempt.
      r = await q.set((eb) => ({ ...unlock, state: "queued", run_at: now, attempts: eb("attempts", "-", 1) })).executeTakeFirst();
      break;
  }
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Hands back every running job, whoever holds it. Only for an engine with one process (PGlite
 * locks its data directory), where a running job at start-up can only be left by a dead process.
 */
export async function releaseAllRunningJobs(db: Db, now: Date): Promise<number> {
  const r = await db
    .updateTable("job")
    .set({ locked_until: now })
    .where("state", "=", "running")
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", ">", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Cancels a job: a queued one at once, a running one by asking its runner (it stops between steps). */
export async function requestJobCancel(db: Db, id: string, now: Date): Promise<JobRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const queued = await trx
      .updateTable("job")
      .set({ state: "cancelled", finished_at: now, updated_at: now })
      .where("id", "=", id)
      .where("state", "=", "queued")
      .returningAll()
      .executeTakeFirst();
    if (queued) return queued;
    return trx
      .updateTable("job")
      .set({ cancel_requested: true, updated_at: now })
      .where("id", "=", id)
      .where("state", "=", "running")
      .returningAll()
      .executeTakeFirst();
  });
}

/** Queues a failed or cancelled job again with fresh attempts; its checkpoint stays, so it resumes. */
export async function requeueEndedJob(db: Db, id: string, now: Date): Promise<JobRow | undefined> {
  return db
    .updateTable("job")
    .set({ state: "queued", attempts: 0, run_at: now, cancel_requested: false, finished_at: null, updated_at: now })
    .where("id", "=", id)
    .where("state", "in", ["failed", "cancelled"])
    .returningAll()
    .executeTakeFirst();
}

/** One job by id. */
export async function findJobById(db: Db, id: string): Promise<JobRow | undefined> {
  return db.selectFrom("job").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Jobs, newest first, optionally of some states and kinds. */
export async function findJobs(db: Db, filter: { states?: readonly string[]; kinds?: readonly string[]; limit: number }): Promise<JobRow[]> {
  let q = db.selectFrom("job").selectAll();
  if (filter.states?.length) q = q.where("state", "in", filter.states as JobRow["state"][]);
  if (filter.kinds?.length) q = q.where("kind", "in", filter.kinds);
  return q.orderBy("created_at", "desc").orderBy("id").limit(filter.limit).execute();
}
