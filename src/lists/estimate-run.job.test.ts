/**
 * The estimation job's handler on its own (the engine that claims it is tested in src/jobs/): each
 * job stores exactly one estimate under its id, found again by a later attempt; a cancelled job
 * stores none; a run is refused when it is asked for, not later in a worker.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testJobContext as contextFor } from "../../test/job-context.ts";
import { importDemoLists } from "../../test/lists.ts";
import { systemViewer, type Viewer } from "../shared/viewer.ts";
import { estimateRunJob, EstimateRunJobPayload, requestEstimateRun } from "./estimate-run.job.ts";
import { linkLists } from "./linkage.service.ts";

let t: TestDatabase;
const operator = systemViewer("test-jobs");
beforeAll(async () => {
  t = await createTestDatabase();
  await importDemoLists(t.db, { seed: 12, victims: 80 });
  await linkLists(t.db, operator);
}, 120_000);
afterAll(async () => t.close());

const runsOf = async (id: string) => t.db.selectFrom("estimate_run").select("id").where("id", "=", id).execute();
const lcmcr = { method: "lcmcr", seed: "5", iterations: "1000", burnin: "1000", thinning: "1", chains: "1" };

describe("the estimation job", () => {
  it("stores its estimate under the job's id, reporting LCMCR sweeps as progress, and a later attempt finds it", async () => {
    const jobId = randomUUID();
    const payload = EstimateRunJobPayload.parse(requestEstimateRun(operator, lcmcr));
    const ctx = contextFor(jobId);
    expect(await estimateRunJob(t.db, payload, ctx)).toEqual({ estimateId: jobId, resumed: false });
    expect(ctx.reported.length).toBeGreaterThan(1);
    expect(ctx.reported.at(-1)).toEqual([2000, 2000]);
    expect(await estimateRunJob(t.db, payload, contextFor(jobId))).toEqual({ estimateId: jobId, resumed: true });
    expect(await runsOf(jobId)).toHaveLength(1);
  });

  it("stores nothing when the job was cancelled while it ran", async () => {
    const jobId = randomUUID();
    const stop = new AbortController();
    stop.abort(new Error("job cancelled"));
    const payload = EstimateRunJobPayload.parse(requestEstimateRun(operator, { method: "loglinear" }));
    await expect(estimateRunJob(t.db, payload, contextFor(jobId, stop.signal))).rejects.toThrow(/cancelled/);
    expect(await runsOf(jobId)).toHaveLength(0);
  });

  it("refuses a bad option, a role that may not estimate and an anonymous viewer when the run is asked for", () => {
    expect(() => requestEstimateRun(operator, { method: "guesswork" })).toThrow(expect.objectContaining({ id: "validation_failed" }));
    const viewer: Viewer = Object.freeze({ kind: "user", userId: "u-1", name: "Fictional Viewer", role: "viewer" });
    expect(() => requestEstimateRun(viewer, { method: "loglinear" })).toThrow(expect.objectContaining({ id: "forbidden" }));
    expect(() => requestEstimateRun({ kind: "anonymous" } as Viewer, { method: "loglinear" })).toThrow(expect.objectContaining({ id: "unauthorized" }));
  });
});
