/**
 * A linkage run as a durable job (`lists.link-run`): `sabt worker` (or a server) runs it off the web
 * process. The stored run takes the job's id, so a job whose process died after storing its run
 * (`kill -9` between the write and the job's own bookkeeping) finds that run on its next attempt
 * and returns it rather than linking again: each job stores exactly one run.
 */
import { z } from "zod";
import type { Db } from "../db/index.ts";
import type { JobContext } from "../shared/job.ts";
import type { Viewer } from "../shared/viewer.ts";
import { RequesterSchema, requesterOf, viewerOf } from "./requester.ts";
import { findLinkRunById } from "./linkage.repository.ts";
import { linkLists, type LinkStage } from "./linkage.service.ts";
import { LinkOptionsSchema } from "./lists.schema.ts";
import { authorizeLists } from "./lists.policy.ts";
import { parseInput } from "../shared/validate.ts";

/** The job's name in the job table. */
export const LINK_RUN_JOB = "lists.link-run";

/** The payload of a linkage job: the requester and the run's options (as `linkLists` takes them). */
export const LinkRunJobPayload = z.object({
  requestedBy: RequesterSchema,
  // Kept as the caller wrote them (linkLists parses them again with their defaults); checked here
  // so that a bad option is refused when the job is queued, not when it runs.
  options: z
    .record(z.string(), z.unknown())
    .default({})
    .superRefine((o, ctx) => {
      const r = LinkOptionsSchema.safeParse(o);
      if (!r.success) ctx.addIssue({ code: "custom", message: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    }),
});
/** A validated linkage job payload. */
export type LinkRunJobPayload = z.infer<typeof LinkRunJobPayload>;

/** What a linkage job records as its result. */
export interface LinkRunJobResult {
  runId: string;
  records: number;
  clusters: number;
  queued: number;
  decisions: number;
  /** True when an earlier attempt had stored the run already and this one only found it. */
  resumed: boolean;
}

const STAGES: readonly LinkStage[] = ["reading", "linking", "queueing", "writing"];

/**
 * The linkage job as queueing sees it (a `JobKind` of jobs/): one run at a time across every
 * process, as each run replaces the clusters; three attempts.
 */
export const LINK_RUN = { kind: LINK_RUN_JOB, payload: LinkRunJobPayload, concurrency: 1, maxAttempts: 3 } as const;

/**
 * The payload of a run that `viewer` asks for from a page: refused at once, not when a worker
 * takes it up, when the viewer may not run linkage or an option is wrong.
 * @throws SabtError forbidden, validation_failed.
 */
export function requestLinkRun(viewer: Viewer, options: Record<string, unknown>): LinkRunJobPayload {
  authorizeLists(viewer, "review");
  parseInput(LinkOptionsSchema, options);
  return linkRunJobPayload(viewer, options);
}

/** The payload that asks for a run as `viewer` (a system actor, or a user without token scopes). */
export function linkRunJobPayload(viewer: Viewer, options: Record<string, unknown> = {}): LinkRunJobPayload {
  return { requestedBy: requesterOf(viewer), options };
}

/**
 * Runs (or finds the already stored) linkage run of a job. Progress is the stage reached out of
 * four; a cancelled job stops before it writes.
 * @throws SabtError forbidden, validation_failed, conflict, as linkLists does.
 */
export async function linkRunJob(db: Db, payload: LinkRunJobPayload, ctx: JobContext): Promise<LinkRunJobResult> {
  const stored = await findLinkRunById(db, ctx.jobId);
  if (stored) {
    return { runId: stored.id, records: stored.records, clusters: stored.clusters, queued: stored.queued, decisions: stored.decisions, resumed: true };
  }
  const viewer = viewerOf(payload.requestedBy);
  let reported = -1;
  const summary = await linkLists(
    db,
    viewer,
    payload.options,
    (stage) => {
      const at = STAGES.indexOf(stage);
      if (at <= reported) return;
      reported = at;
      // Progress is advisory: a failed write of it must not fail the run.
      ctx.reportProgress(at, STAGES.length).catch(() => undefined);
    },
    { runId: ctx.jobId, signal: ctx.signal },
  );
  await ctx.reportProgress(STAGES.length, STAGES.length);
  return { runId: summary.runId, records: summary.records, clusters: summary.clusters, queued: summary.queued, decisions: summary.decisions, resumed: false };
}
