/**
 * A web capture as a durable job (`archive.capture`): the browser runs in a worker or server
 * process, not inside a request. The stored capture names its job, so an attempt that follows a
 * crash after the capture was stored returns that capture instead of archiving the page twice.
 */
import { z } from "zod";
import type { Db } from "../db/index.ts";
import type { JobContext } from "../shared/job.ts";
import { validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { parseInput } from "../shared/validate.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { findCaptureItemIdOfJob } from "./archive.repository.ts";
import { getArchiveItem, getDerivedItems } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { captureUrl } from "./capture.ts";
import { ingestCapture, type ArtifactKind, type CaptureArtifact } from "./capture.service.ts";

/** The job's name in the job table. */
export const CAPTURE_JOB = "archive.capture";

/** The payload of a capture job. */
export const CaptureJobPayload = z.object({
  url: z.string().url().max(4000),
  /** The actor named in the custody log (`user:<id>`, `system:cli:<name>`). */
  actor: z.string().min(1).max(300),
  /**
   * Loopback and private addresses. Only the operator's CLI (`--allow-private-network`) sets it;
   * a web route never does, so a capture request cannot read Sabt's own network.
   */
  allowPrivateNetwork: z.boolean().default(false),
  timeoutMs: z.number().int().min(1000).max(600_000).optional(),
});
/** A validated capture job payload. */
export type CaptureJobPayload = z.infer<typeof CaptureJobPayload>;

/**
 * The capture job as queueing sees it (a `JobKind` of jobs/): each capture runs a browser, so two
 * at once per installation keeps a small server responsive.
 */
export const CAPTURE = { kind: CAPTURE_JOB, payload: CaptureJobPayload, concurrency: 2, maxAttempts: 3 } as const;

/**
 * The payload of a capture that `viewer` asks for through the web: only members who may add
 * evidence, only http(s) addresses, and never the private network (that is the operator's CLI flag).
 * @throws SabtError forbidden, validation_failed.
 */
export function requestCapture(viewer: Viewer, url: string): CaptureJobPayload {
  authorize(viewer, "create");
  const trimmed = url.trim();
  let parsed: URL | undefined;
  try {
    parsed = new URL(trimmed);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw validationError("url: give a web address starting with http:// or https://");
  }
  return parseInput(CaptureJobPayload, { url: trimmed, actor: actorName(viewer), allowPrivateNetwork: false });
}

/** What a capture job records as its result. */
export interface CaptureJobResult {
  /** The web capture (WARC) item. */
  itemId: string;
  artifacts: CaptureArtifact[];
  /** True when an earlier attempt had stored the capture and this one only found it. */
  resumed: boolean;
}

/** The artifacts of a stored capture: its WARC and its derived items. */
async function storedArtifacts(db: Db, itemId: string): Promise<CaptureArtifact[]> {
  const warc = await getArchiveItem(db, itemId);
  const derived = await getDerivedItems(db, itemId);
  return [
    { kind: "warc", itemId: warc.id, sha256: warc.sha256, size: warc.size },
    ...derived.map((d) => ({ kind: (d.derivation ?? "text") as ArtifactKind, itemId: d.id, sha256: d.sha256, size: d.size })),
  ];
}

/**
 * The capture job's handler over a blob store (and a browser, by default the configured one).
 * Progress: 0 of 2 while the browser captures, 1 of 2 while it is archived, 2 of 2 when stored.
 * @example defineJob({ kind: CAPTURE_JOB, payload: CaptureJobPayload, run: (p, ctx) => captureJob(store)(db, p, ctx) })
 */
export function captureJob(store: BlobStore, browser: { executablePath?: string } = {}) {
  return async (db: Db, payload: CaptureJobPayload, ctx: JobContext): Promise<CaptureJobResult> => {
    const stored = await findCaptureItemIdOfJob(db, ctx.jobId);
    if (stored) return { itemId: stored, artifacts: await storedArtifacts(db, stored), resumed: true };
    await ctx.reportProgress(0, 2);
    const capture = await captureUrl(payload.url, {
      allowPrivateNetwork: payload.allowPrivateNetwork,
      ...(payload.timeoutMs ? { timeoutMs: payload.timeoutMs } : {}),
      ...(browser.executablePath ? { executablePath: browser.executablePath } : {}),
    });
    // A job cancelled while the browser ran stores nothing.
    ctx.signal.throwIfAborted();
    await ctx.reportProgress(1, 2);
    const result = await ingestCapture(db, store, capture, payload.actor, { jobId: ctx.jobId });
    await ctx.reportProgress(2, 2);
    return { itemId: result.id, artifacts: result.artifacts, resumed: false };
  };
}
