import { recordAudit } from "../audit/index.ts";
import type { ReviewRequestRow, ReviewState, Trx } from "../db/index.ts";
import { newId } from "../shared/slug.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { insertRequest, lockOpenRequest, setReviewState, updateRequest } from "./review.repository.ts";

/**
 * The four-eyes rule in one place: a member's work (the web workspace or the API) that would be
 * public waits for a second member's approval. What the operator does from the CLI (imports, the
 * demo loader, scripts) is approved by that act, as the operator answers for the machine.
 */
export function needsReview(viewer: Viewer, resultIsPublic: boolean): boolean {
  return viewer.kind === "user" && resultIsPublic;
}

/** The review state a new record starts in. */
export function initialReview(viewer: Viewer, isPublic: boolean): ReviewState {
  return needsReview(viewer, isPublic) ? "pending" : "approved";
}

/** What a request asks for: the record itself (change null) or a proposed change to a public record. */
export interface ReviewSubject {
  kind: "claim" | "entity";
  objectId: string;
  entityId: string;
  /** The version the reviewer must see: the record's, or the version a proposed change was made against. */
  baseVersion: number;
  change?: unknown;
}

/**
 * Opens a request for the subject, or adds this change (and its author) to the one already open:
 * there is at most one open request per record.
 */
export async function openReview(trx: Trx, viewer: Viewer, s: ReviewSubject): Promise<ReviewRequestRow> {
  const author = actorName(viewer);
  const change = s.change === undefined ? null : JSON.stringify(s.change);
  const open = await lockOpenRequest(trx, s.kind, s.objectId);
  const row = open
    ? await updateRequest(trx, open.id, {
        base_version: s.baseVersion,
        authors: open.authors.includes(author) ? open.authors : [...open.authors, author],
        // A new proposal replaces the earlier one; a change to a pending record keeps the request's own shape.
        ...(change !== null || open.change === null ? { change } : {}),
      })
    : await insertRequest(trx, {
        id: newId(),
        kind: s.kind,
        object_id: s.objectId,
        entity_id: s.entityId,
        state: "pending",
        change,
        base_version: s.baseVersion,
        authors: [author],
      });
  if (change === null) await setReviewState(trx, s.kind, s.objectId, "pending");
  await recordAudit(trx, viewer, {
    action: "review.request",
    objectType: s.kind,
    objectId: s.objectId,
    details: { request: row.id, proposal: change !== null },
  });
  return row;
}

/**
 * Records that the operator's own act (a CLI command) approved a record that was waiting: the
 * record becomes approved and its open request is closed, named so in the audit log.
 */
export async function approveByOperator(trx: Trx, viewer: Viewer, kind: "claim" | "entity", objectId: string): Promise<void> {
  const open = await lockOpenRequest(trx, kind, objectId);
  await setReviewState(trx, kind, objectId, "approved");
  // A proposed change to a public record is left to its reviewer: the operator's edit did not make it.
  if (!open || open.change !== null) return;
  await updateRequest(trx, open.id, { state: "approved", decided_by: actorName(viewer), decided_at: new Date(), reason: "approved by the operator's act" });
  await recordAudit(trx, viewer, { action: "review.approve", objectType: kind, objectId, details: { request: open.id, by: "operator" } });
}
