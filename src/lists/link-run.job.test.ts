/**
 * The linkage job's handler on its own (the engine that claims it is tested in src/jobs/): each
 * job stores exactly one run, found again by a later attempt, and a cancelled job stores none.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { testJobContext as contextFor } from "../../test/job-context.ts";
import { importDemoLists } from "../../test/lists.ts";
import { systemViewer } from "../shared/viewer.ts";
import { linkRunJob, linkRunJobPayload, LinkRunJobPayload } from "./link-run.job.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await importDemoLists(t.db, { seed: 11, victims: 80 });
}, 120_000);
afterAll(async () => t.close());

const runsOf = async (id: string) => t.db.selectFrom("link_run").select("id").where("id", "=", id).execute();
const auditsOf = async (id: string) => t.db.selectFrom("audit_log").select("seq").where("action", "=", "linkage.run").where("object_id", "=", id).execute();

describe("the linkage job", () => {
  it("stores its run under the job's id and reports its stages as progress", async () => {
    const jobId = randomUUID();
    const ctx = contextFor(jobId);
    const r = await linkRunJob(t.db, LinkRunJobPayload.parse(linkRunJobPayload(systemViewer("test-jobs"))), ctx);
    expect(r).toMatchObject({ runId: jobId, resumed: false });
    expect(r.records).toBeGreaterThan(0);
    expect(await runsOf(jobId)).toHaveLength(1);
    expect(ctx.reported.at(-1)).toEqual([4, 4]);
  });

  it("finds the run an earlier attempt stored instead of linking again", async () => {
    const jobId = randomUUID();
    const payload = LinkRunJobPayload.parse(linkRunJobPayload(systemViewer("test-jobs")));
    const first = await linkRunJob(t.db, payload, contextFor(jobId));
    const again = await linkRunJob(t.db, payload, contextFor(jobId));
    expect(again).toEqual({ ...first, resumed: true });
    expect(await runsOf(jobId)).toHaveLength(1);
    expect(await auditsOf(jobId)).toHaveLength(1);
  });

  it("stores nothing when the job was cancelled before it wrote", async () => {
    const jobId = randomUUID();
    const abort = new AbortController();
    abort.abort();
    await expect(linkRunJob(t.db, LinkRunJobPayload.parse(linkRunJobPayload(systemViewer("test-jobs"))), contextFor(jobId, abort.signal))).rejects.toThrow();
    expect(await runsOf(jobId)).toHaveLength(0);
  });

  it("refuses bad linkage options when the job is queued", () => {
    expect(LinkRunJobPayload.safeParse(linkRunJobPayload(systemViewer("test-jobs"), { bandLow: 0.9, bandHigh: 0.2 })).success).toBe(false);
    expect(LinkRunJobPayload.safeParse({ requestedBy: { kind: "user", userId: "u1", name: "Fictional Reviewer", role: "owner" }, options: {} }).success).toBe(false);
  });

  it("runs as the user who asked for it, so a viewer's job is refused", async () => {
    const viewer = { kind: "user" as const, userId: "u-viewer", name: "Fictional Viewer", role: "viewer" as const };
    await expect(linkRunJob(t.db, LinkRunJobPayload.parse(linkRunJobPayload(viewer)), contextFor(randomUUID()))).rejects.toMatchObject({ id: "forbidden" });
  });
});
