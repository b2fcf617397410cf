/**
 * An estimation run as a durable job (`lists.estimate-run`): an LCMCR run takes minutes, so the
 * workspace queues it and `sabt worker` (or a server) runs it off the web process. The stored run
 * takes the job's id, so an attempt after a crash finds it and stores none twice.
 */
import { z } from "zod";
import type { Db } from "../db/index.ts";
import type { JobContext } from "../shared/job.ts";
import { parseInput } from "../shared/validate.ts";
import type { Viewer } from "../shared/viewer.ts";
import { findEstimateRun } from "./estimate.repository.ts";
import { runEstimate } from "./estimate.service.ts";
import { EstimateOptionsSchema } from "./lists.schema.ts";
import { authorizeLists } from "./lists.policy.ts";
import { RequesterSchema, requesterOf, viewerOf } from "./requester.ts";

/** The job's name in the job table. */
export const ESTIMATE_RUN_JOB = "lists.estimate-run";

/** The payload of an estimation job: the requester and the options as the form gave them. */
export const EstimateRunJobPayload = z.object({
  requestedBy: RequesterSchema,
  options: z.record(z.string(), z.unknown()).default({}),
});
/** A validated estimation job payload. */
export type EstimateRunJobPayload = z.infer<typeof EstimateRunJobPayload>;

/** The estimation job as queueing sees it (a `JobKind` of jobs/): runs one at a time, as its chains already take the cores. */
export const ESTIMATE_RUN = { kind: ESTIMATE_RUN_JOB, payload: EstimateRunJobPayload, concurrency: 1, maxAttempts: 3 } as const;

/**
 * The payload of a run that `viewer` asks for from a page: refused at once when they may not
 * estimate or an option is wrong, not later in a worker.
 * @throws SabtError forbidden, validation_failed.
 */
export function requestEstimateRun(viewer: Viewer, options: Record<string, unknown>): EstimateRunJobPayload {
  authorizeLists(viewer, "estimate");
  parseInput(EstimateOptionsSchema, options);
  return { requestedBy: requesterOf(viewer), options };
}

/**
 * Runs (or finds the already stored) estimate of a job, reporting LCMCR sweeps as progress.
 * @returns the id of the stored estimate.
 */
export async function estimateRunJob(db: Db, payload: EstimateRunJobPayload, ctx: JobContext): Promise<{ estimateId: string; resumed: boolean }> {
  if (await findEstimateRun(db, ctx.jobId)) return { estimateId: ctx.jobId, resumed: true };
  let last = 0;
  let sweeps = 0;
  const e = await runEstimate(
    db,
    viewerOf(payload.requestedBy),
    payload.options,
    (done, total) => {
      sweeps = total;
      // A progress row per percent at most; progress is advisory, its failure does not fail the run.
      if (done !== total && done - last < total / 100) return;
      last = done;
      ctx.reportProgress(done, total).catch(() => undefined);
    },
    { runId: ctx.jobId, signal: ctx.signal },
  );
  if (sweeps > 0) await ctx.reportProgress(sweeps, sweeps);
  return { estimateId: e.id, resumed: false };
}
