import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { claimNextJob, endHeldJob } from "./job.repository.ts";
import { cancelJob, enqueueDueSchedules, enqueueJob, getJob, listSchedules, retryJob } from "./job.service.ts";
import type { JobDefinition, JobSchedule } from "./job.types.ts";
import { retryDelayMs, slotStart } from "./timing.ts";

const echo: JobDefinition<{ n: number }> = { kind: "test.echo", payload: z.object({ n: z.number() }), run: async (p) => p };
const LEASE = 60_000;

/** Claims the next `test.echo` job for a worker at a given moment. */
function claim(t: TestDatabase, worker: string, now: Date, limit = 1) {
  return t.db.transaction().execute((trx) => claimNextJob(trx, "test.echo", limit, worker, now, new Date(now.getTime() + LEASE)));
}

describe("the job table", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.close());

  it("hands a queued job to one claimant, and again to another once the first one's lease ran out", async () => {
    const job = await enqueueJob(t.db, echo, { n: 1 });
    const now = new Date(Date.now() + 1000);
    const first = await claim(t, "w1", now, 5);
    expect(first).toMatchObject({ id: job.id, state: "running", attempts: 1, locked_by: "w1" });
    expect(await claim(t, "w2", now, 5)).toBeUndefined();
    // w1 died (kill -9): no heartbeat, so after the lease w2 takes the job up as attempt 2.
    const later = new Date(now.getTime() + LEASE + 1);
    expect(await claim(t, "w2", later, 5)).toMatchObject({ id: job.id, attempts: 2, locked_by: "w2" });
    // The dead runner's late ending is refused: it no longer holds the job.
    expect(await endHeldJob(t.db, job.id, "w1", { state: "succeeded", result: 1 }, later)).toBe(false);
    expect(await endHeldJob(t.db, job.id, "w2", { state: "succeeded", result: 2 }, later)).toBe(true);
    expect(await getJob(t.db, job.id)).toMatchObject({ state: "succeeded", result: 2 });
  });

  it("keeps to the per-kind limit across claimants", async () => {
    const a = await enqueueJob(t.db, echo, { n: 2 });
    const b = await enqueueJob(t.db, echo, { n: 3 });
    const now = new Date(Date.now() + 1000);
    expect((await claim(t, "w1", now, 1))?.id).toBe(a.id);
    expect(await claim(t, "w2", now, 1)).toBeUndefined();
    expect((await claim(t, "w2", now, 2))?.id).toBe(b.id);
    for (const [id, w] of [[a.id, "w1"], [b.id, "w2"]] as const) await endHeldJob(t.db, id, w, { state: "succeeded", result: null }, now);
  });

  it("queues a failed attempt again after its backoff, and fails it for good when no attempt is left", async () => {
    const job = await enqueueJob(t.db, { ...echo, maxAttempts: 2 }, { n: 4 });
    const now = new Date(Date.now() + 1000);
    await claim(t, "w1", now);
    const retryAt = new Date(now.getTime() + retryDelayMs(1));
    await endHeldJob(t.db, job.id, "w1", { state: "failed", error: "boom", retryAt }, now);
    expect(await getJob(t.db, job.id)).toMatchObject({ state: "queued", attempts: 1, lastError: "boom", runAt: retryAt.toISOString() });
    expect(await claim(t, "w1", now)).toBeUndefined();
    expect(await claim(t, "w1", retryAt)).toMatchObject({ id: job.id, attempts: 2 });
    await endHeldJob(t.db, job.id, "w1", { state: "failed", error: "boom again", retryAt: null }, retryAt);
    expect(await getJob(t.db, job.id)).toMatchObject({ state: "failed", attempts: 2, lastError: "boom again" });
    // Retry starts it over with fresh attempts.
    expect(await retryJob(t.db, job.id)).toMatchObject({ state: "queued", attempts: 0 });
    await cancelJob(t.db, job.id);
  });

  it("cancels a queued job at once and asks a running one to stop", async () => {
    const queued = await enqueueJob(t.db, echo, { n: 5 });
    expect(await cancelJob(t.db, queued.id)).toMatchObject({ state: "cancelled" });
    await expect(cancelJob(t.db, queued.id)).rejects.toMatchObject({ id: "validation_failed" });
    const running = await enqueueJob(t.db, echo, { n: 6 });
    const now = new Date(Date.now() + 1000);
    await claim(t, "w1", now);
    expect(await cancelJob(t.db, running.id)).toMatchObject({ state: "running", cancelRequested: true });
    await endHeldJob(t.db, running.id, "w1", { state: "cancelled" }, now);
    expect(await getJob(t.db, running.id)).toMatchObject({ state: "cancelled" });
  });

  it("refuses a payload its kind does not accept", async () => {
    await expect(enqueueJob(t.db, echo, { n: "x" } as unknown as { n: number })).rejects.toMatchObject({ id: "validation_failed" });
  });

  it("queues one run per schedule slot however many processes try, and says when the next one is", async () => {
    const schedule: JobSchedule = { kind: "test.tick", everyMs: 3_600_000, description: "tick" };
    const defs = new Map<string, JobDefinition>();
    const now = new Date();
    const slot = slotStart(now, schedule.everyMs);
    expect((await listSchedules(t.db, [schedule], now))[0]).toMatchObject({ nextRunAt: slot.toISOString(), lastSlot: null });
    const tries = await Promise.all([1, 2, 3].map(() => enqueueDueSchedules(t.db, [schedule], defs, now)));
    expect(tries.flat()).toHaveLength(1);
    expect(tries.flat()[0]).toMatchObject({ kind: "test.tick", scheduleSlot: slot.toISOString() });
    expect((await listSchedules(t.db, [schedule], now))[0]).toMatchObject({
      nextRunAt: new Date(slot.getTime() + schedule.everyMs).toISOString(),
      lastSlot: slot.toISOString(),
    });
  });
});

describe("retry backoff", () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [10, 60_000],
  ])("waits after attempt %i for %i ms", (attempt, ms) => {
    expect(retryDelayMs(attempt, { baseMs: 1000, maxMs: 60_000 })).toBe(ms);
  });
});
