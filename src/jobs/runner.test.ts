import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { openDatabase, type DatabaseHandle, type Db } from "../db/index.ts";
import { cancelJob, enqueueJob, getJob, listJobs } from "./job.service.ts";
import type { Job, JobDefinition, JobSchedule } from "./job.types.ts";
import { startJobRunner, type JobRunner } from "./runner.ts";

/** Polls a job until `done` holds (or a generous deadline passes, then the assertion fails). */
async function waitForJob(db: Db, id: string, done: (j: Job) => boolean): Promise<Job> {
  const deadline = Date.now() + 60_000;
  let job = await getJob(db, id);
  while (!done(job) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    job = await getJob(db, id);
  }
  return job;
}

/** Resolves when the signal aborts, then rejects with its reason (as a handler that stops between steps). */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
}

const FAST = { pollMs: 20, leaseMs: 3_000, backoff: { baseMs: 10, maxMs: 10 } };

describe("the job runner", () => {
  let t: TestDatabase;
  /** A second connection to the same database: another process's pool on PostgreSQL. */
  let other: DatabaseHandle | undefined;
  const runners: JobRunner[] = [];
  const start = (db: Db, defs: JobDefinition[], schedules: JobSchedule[] = []) => {
    const r = startJobRunner(db, { definitions: defs, schedules, ...FAST });
    runners.push(r);
    return r;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    if (t.engine === "postgres") other = await openDatabase({ dataDir: t.dataDir, databaseUrl: t.env.DATABASE_URL }, { migrate: false });
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await other?.close();
    await t.close();
  });

  it("runs every job exactly once with two runners claiming at the same time, never more at once than the kind allows", async () => {
    const runs = new Map<number, number>();
    let inFlight = 0;
    let most = 0;
    const count: JobDefinition<{ n: number }> = {
      kind: "test.count",
      payload: z.object({ n: z.number() }),
      concurrency: 2,
      async run({ n }) {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        runs.set(n, (runs.get(n) ?? 0) + 1);
        inFlight--;
        return { n };
      },
    };
    const jobs = [];
    for (let n = 0; n < 20; n++) jobs.push(await enqueueJob(t.db, count, { n }));
    const r1 = start(t.db, [count]);
    const r2 = start(other?.db ?? t.db, [count]);
    const ended = await Promise.all(jobs.map((j) => waitForJob(t.db, j.id, (x) => x.state === "succeeded")));
    await Promise.all([r1.stop(), r2.stop()]);
    expect(ended.map((j) => j.state)).toEqual(jobs.map(() => "succeeded"));
    expect([...runs.values()]).toEqual(jobs.map(() => 1));
    expect(most).toBeLessThanOrEqual(2);
  });

  it("runs a scheduled slot once when two runners share the schedule", async () => {
    let ticks = 0;
    const tick: JobDefinition<Record<string, never>> = { kind: "test.tick", payload: z.object({}).strict(), run: async () => ({ tick: ++ticks }) };
    const schedule: JobSchedule = { kind: "test.tick", everyMs: 24 * 3_600_000, description: "daily tick" };
    const r1 = start(t.db, [tick], [schedule]);
    const r2 = start(other?.db ?? t.db, [tick], [schedule]);
    const deadline = Date.now() + 60_000;
    let rows = await listJobs(t.db, { kinds: ["test.tick"] });
    while (!(rows.length > 0 && rows.every((j) => j.state === "succeeded")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      rows = await listJobs(t.db, { kinds: ["test.tick"] });
    }
    // Both runners keep polling (and trying to queue the slot) for a while after the run.
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([r1.stop(), r2.stop()]);
    rows = await listJobs(t.db, { kinds: ["test.tick"] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "succeeded", result: { tick: 1 } });
    expect(ticks).toBe(1);
  });

  it("retries a failed attempt after its backoff", async () => {
    const flaky: JobDefinition<{ id: string }> = {
      kind: "test.flaky",
      payload: z.object({ id: z.string() }),
      async run(_, ctx) {
        if (ctx.attempt === 1) throw new Error("transient trouble");
        return { attempt: ctx.attempt };
      },
    };
    const job = await enqueueJob(t.db, flaky, { id: "a" });
    const r = start(t.db, [flaky]);
    const done = await waitForJob(t.db, job.id, (j) => j.state === "succeeded" || j.state === "failed");
    await r.stop();
    expect(done).toMatchObject({ state: "succeeded", attempts: 2, result: { attempt: 2 }, lastError: null });
  });

  it("fails a job for good, with its message, once its attempts are used up", async () => {
    const broken: JobDefinition<Record<string, never>> = {
      kind: "test.broken",
      payload: z.object({}),
      maxAttempts: 2,
      run: async () => {
        throw new Error("always broken");
      },
    };
    const job = await enqueueJob(t.db, broken, {});
    const r = start(t.db, [broken]);
    const done = await waitForJob(t.db, job.id, (j) => j.state === "failed");
    await r.stop();
    expect(done).toMatchObject({ state: "failed", attempts: 2, lastError: "always broken" });
  });

  it("stops a running job that is cancelled", async () => {
    const long: JobDefinition<Record<string, never>> = {
      kind: "test.long",
      payload: z.object({}),
      run: async (_, ctx) => {
        await ctx.reportProgress(1, 10);
        return untilAborted(ctx.signal);
      },
    };
    const job = await enqueueJob(t.db, long, {});
    const r = startJobRunner(t.db, { definitions: [long], ...FAST, leaseMs: 300 });
    runners.push(r);
    await waitForJob(t.db, job.id, (j) => j.progress?.done === 1);
    await cancelJob(t.db, job.id);
    const done = await waitForJob(t.db, job.id, (j) => j.state === "cancelled");
    await r.stop();
    expect(done).toMatchObject({ state: "cancelled", progress: { done: 1, total: 10 } });
  });

  it("hands a job back when its process stops, and the next runner resumes it from its checkpoint", async () => {
    const seen: (number | null)[] = [];
    const steps: JobDefinition<Record<string, never>> = {
      kind: "test.steps",
      payload: z.object({}),
      run: async (_, ctx) => {
        const from = (ctx.checkpoint as { step: number } | null)?.step ?? null;
        seen.push(from);
        if (from === null) {
          await ctx.saveCheckpoint({ step: 1 }, { done: 1, total: 2 });
          return untilAborted(ctx.signal);
        }
        return { resumedFrom: from };
      },
    };
    const job = await enqueueJob(t.db, steps, {});
    const first = start(t.db, [steps]);
    await waitForJob(t.db, job.id, (j) => j.progress?.done === 1);
    await first.stop();
    expect(await getJob(t.db, job.id)).toMatchObject({ state: "queued", attempts: 0 });
    const second = start(other?.db ?? t.db, [steps]);
    const done = await waitForJob(t.db, job.id, (j) => j.state === "succeeded");
    await second.stop();
    expect(done).toMatchObject({ result: { resumedFrom: 1 }, attempts: 1 });
    expect(seen).toEqual([null, 1]);
  });
});
