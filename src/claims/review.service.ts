import { recordAudit } from "../audit/index.ts";
import { resolveActors, type Actor } from "../auth/index.ts";
import type { Db, ReviewRequestRow, ReviewState, Trx } from "../db/index.ts";
import {
  applyEntityProposal,
  approveEntityRecord,
  findRequests,
  getEntity,
  lockOpenClaimRequestsOfEntity,
  lockOpenRequest,
  lockEntityReview,
  setListImportReview,
  setReviewState,
  updateRequest,
  type Entity,
  type EntityEditReq,
} from "../entities/index.ts";
import { isSabtError, notFound, SabtError, staleVersion } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { applyClaimProposal, approveClaimRecord, getClaim, type ClaimProposal } from "./claim.service.ts";
import type { Claim } from "./claim.types.ts";
import type { ReviewDecisionReq, ReviewKind } from "./review.schema.ts";

/** A person named in a review: their actor id and readable name. */
export interface ReviewPerson {
  actor: string;
  name: string;
}

/** One request of the review queue, with the record as it is now. */
export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  objectId: string;
  entityId: string;
  state: ReviewState;
  /** The proposed change to a public record; null when the record itself waits (new, or becoming public). */
  proposal: unknown;
  baseVersion: number;
  authors: ReviewPerson[];
  assignedTo: ReviewPerson | null;
  decidedBy: ReviewPerson | null;
  decidedAt: Date | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  entity: Entity;
  claim: Claim | null;
}

/** An actor as plain text for the API (the workspace renders `Actor` in the reader's language). */
function nameOf(a: Actor | undefined): string {
  if (!a) return "?";
  if (a.kind === "member") return a.name;
  if (a.kind === "system") return a.detail ? `operator (${a.detail})` : `operator (${a.system})`;
  return `unknown (${a.marker})`;
}

/** The request's record as the viewer may read it, or undefined when they may not. */
async function readSubject(db: Db, viewer: Viewer, r: ReviewRequestRow): Promise<{ entity: Entity; claim: Claim | null } | undefined> {
  try {
    const claim = r.kind === "claim" ? await getClaim(db, viewer, r.object_id) : null;
    return { entity: await getEntity(db, viewer, r.entity_id), claim };
  } catch (e) {
    if (isSabtError(e) && e.id === "not_found") return undefined;
    throw e;
  }
}

/**
 * The review queue: requests by state, newest first, each with its record as it is now; a request
 * whose record the viewer may not read is left out, not revealed.
 */
export async function listReviews(
  db: Db,
  viewer: Viewer,
  opts: { state: ReviewState; entityId?: string | undefined; limit: number; offset: number },
): Promise<ReviewItem[]> {
  authorize(viewer, "read");
  if (viewer.kind === "anonymous") throw notFound("Review queue");
  const rows = await findRequests(db, opts);
  const people = [...new Set(rows.flatMap((r) => [...r.authors, ...(r.decided_by ? [r.decided_by] : []), ...(r.assigned_to ? [`user:${r.assigned_to}`] : [])]))];
  const names = await resolveActors(db, people);
  const person = (actor: string): ReviewPerson => ({ actor, name: nameOf(names.get(actor)) });
  const out: ReviewItem[] = [];
  for (const r of rows) {
    const subject = await readSubject(db, viewer, r);
    if (!subject) continue;
    out.push({
      id: r.id,
      kind: r.kind === "entity" && subject.entity.type === "article" ? "article" : r.kind,
      objectId: r.object_id,
      entityId: r.entity_id,
      state: r.state,
      proposal: r.change,
      baseVersion: r.base_version,
      authors: r.authors.map(person),
      assignedTo: r.assigned_to ? person(`user:${r.assigned_to}`) : null,
      decidedBy: r.decided_by ? person(r.decided_by) : null,
      decidedAt: r.decided_at,
      reason: r.reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      ...subject,
    });
  }
  return out;
}

/** The open requests a decision covers: one record's, or an article's own and its claims'. */
async function requestsToDecide(trx: Trx, viewer: Viewer, kind: ReviewKind, id: string): Promise<ReviewRequestRow[]> {
  if (kind === "claim") {
    await getClaim(trx, viewer, id);
    const r = await lockOpenRequest(trx, "claim", id);
    return r ? [r] : [];
  }
  const entity = await getEntity(trx, viewer, id);
  if (kind === "article" && entity.type !== "article") throw notFound("Article");
  const own = await lockOpenRequest(trx, "entity", entity.id);
  const parts = kind === "article" ? await lockOpenClaimRequestsOfEntity(trx, entity.id) : [];
  return [...(own ? [own] : []), ...parts];
}

/** True for the request of a member's import into a list (its rows wait together). */
function isImport(r: ReviewRequestRow): boolean {
  return r.kind === "entity" && (r.change as { op?: unknown } | null)?.op === "import";
}

/** Decides a member's import at once: the list (when it was new) and every row the import left waiting. */
async function decideImport(trx: Trx, r: ReviewRequestRow, state: "approved" | "rejected"): Promise<void> {
  const list = await lockEntityReview(trx, r.object_id);
  if (list === "pending") await setReviewState(trx, "entity", r.object_id, state);
  await setListImportReview(trx, r.object_id, state);
}

/** Carries out one approved request: the record becomes public, or the proposed change is applied. */
async function approve(trx: Trx, viewer: Viewer, r: ReviewRequestRow): Promise<void> {
  const author = r.authors[r.authors.length - 1]!;
  if (isImport(r)) return decideImport(trx, r, "approved");
  if (r.kind === "claim") {
    if (r.change === null) await approveClaimRecord(trx, viewer, r.object_id, r.base_version);
    else await applyClaimProposal(trx, viewer, r.object_id, r.change as ClaimProposal, author);
  } else if (r.change === null) await approveEntityRecord(trx, r.object_id, r.base_version);
  else await applyEntityProposal(trx, viewer, r.object_id, r.change as EntityEditReq, author);
}

/**
 * Approves or rejects what waits for review on a record (for an article: the article and its
 * waiting parts together). Nobody whose work a request carries may decide it; a rejection keeps
 * its reason for the author; a record changed since the reviewer looked is refused as stale.
 * @throws SabtError four_eyes for one's own work; not_found when nothing waits; stale_version.
 */
export async function decideReview(trx: Trx, viewer: Viewer, kind: ReviewKind, id: string, req: ReviewDecisionReq): Promise<ReviewState> {
  authorize(viewer, "review");
  const requests = await requestsToDecide(trx, viewer, kind, id);
  if (requests.length === 0) throw notFound("A pending review for this record");
  const me = actorName(viewer);
  if (requests.some((r) => r.authors.includes(me))) {
    throw new SabtError("four_eyes", "You cannot approve or reject your own work: another member must review it");
  }
  const main = requests[0]!;
  if (req.version !== undefined && req.version !== main.base_version) throw staleVersion("This record", req.version, main.base_version);
  const state: ReviewState = req.decision === "approve" ? "approved" : "rejected";
  for (const r of requests) {
    if (state === "approved") await approve(trx, viewer, r);
    else if (isImport(r)) await decideImport(trx, r, "rejected");
    else if (r.change === null) await setReviewState(trx, r.kind, r.object_id, "rejected");
    await updateRequest(trx, r.id, { state, decided_by: me, decided_at: new Date(), reason: req.reason ?? null });
    await recordAudit(trx, viewer, {
      action: state === "approved" ? "review.approve" : "review.reject",
      objectType: r.kind,
      objectId: r.object_id,
      details: { request: r.id, authors: r.authors, ...(req.reason ? { reason: req.reason } : {}) },
    });
  }
  return state;
}

/**
 * Assigns the waiting review of a record to a member (or unassigns it with null).
 * @throws SabtError not_found when nothing waits.
 */
export async function assignReview(trx: Trx, viewer: Viewer, kind: ReviewKind, id: string, userId: string | null): Promise<void> {
  authorize(viewer, "review");
  const [main] = await requestsToDecide(trx, viewer, kind, id);
  if (!main) throw notFound("A pending review for this record");
  if (userId !== null && (await resolveActors(trx, [`user:${userId}`])).get(`user:${userId}`)?.kind !== "member") throw notFound("Member");
  await updateRequest(trx, main.id, { assigned_to: userId });
  await recordAudit(trx, viewer, { action: "review.assign", objectType: main.kind, objectId: main.object_id, details: { request: main.id, to: userId } });
}
