import { sql } from "kysely";
import type { Db, NewReviewRequestRow, ReviewRequestRow, ReviewState, Trx } from "../db/index.ts";

/** The open (pending) request for a record, locked for the caller's transaction. */
export async function lockOpenRequest(trx: Trx, kind: "claim" | "entity", objectId: string): Promise<ReviewRequestRow | undefined> {
  return trx
    .selectFrom("review_request")
    .selectAll()
    .where("kind", "=", kind)
    .where("object_id", "=", objectId)
    .where("state", "=", "pending")
    .forUpdate()
    .executeTakeFirst();
}

/** Inserts a request. */
export async function insertRequest(trx: Trx, row: NewReviewRequestRow): Promise<ReviewRequestRow> {
  return trx.insertInto("review_request").values(row).returningAll().executeTakeFirstOrThrow();
}

/** Updates a request: a further change joining it, an assignment or a decision. */
export async function updateRequest(
  trx: Trx,
  id: string,
  patch: Partial<Pick<ReviewRequestRow, "state" | "base_version" | "authors" | "assigned_to" | "decided_by" | "decided_at" | "reason">> & { change?: string | null },
): Promise<ReviewRequestRow> {
  return trx
    .updateTable("review_request")
    .set({ ...patch, updated_at: new Date() })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sets the review state of a claim or an entity row (not a new version: the value does not change). */
export async function setReviewState(trx: Trx, kind: "claim" | "entity", id: string, state: ReviewState): Promise<void> {
  if (kind === "claim") await trx.updateTable("claim").set({ review: state }).where("id", "=", id).execute();
  else await trx.updateTable("entity").set({ review: state }).where("id", "=", id).execute();
}

/** Requests by state, newest first, optionally of one record or assigned to one member. */
export async function findRequests(
  db: Db,
  opts: { state?: ReviewState | undefined; entityId?: string | undefined; objectIds?: readonly string[] | undefined; limit: number; offset: number },
): Promise<ReviewRequestRow[]> {
  let q = db.selectFrom("review_request").selectAll();
  if (opts.state) q = q.where("state", "=", opts.state);
  if (opts.entityId) q = q.where("entity_id", "=", opts.entityId);
  if (opts.objectIds) {
    if (opts.objectIds.length === 0) return [];
    q = q.where("object_id", "in", opts.objectIds);
  }
  return q.orderBy("updated_at", "desc").orderBy("id").limit(opts.limit).offset(opts.offset).execute();
}

/** The pending claim requests of one entity (an article and its parts are approved together). */
export async function lockOpenClaimRequestsOfEntity(trx: Trx, entityId: string): Promise<ReviewRequestRow[]> {
  return trx
    .selectFrom("review_request")
    .selectAll()
    .where("kind", "=", "claim")
    .where("entity_id", "=", entityId)
    .where("state", "=", "pending")
    .orderBy("created_at")
    .forUpdate()
    .execute();
}


/**
 * Decides, at once, every waiting row a member's import of a list wrote: its claims (by their
 * `list:<list id>:` origin) and the people they belong to.
 */
export async function setListImportReview(trx: Trx, listId: string, state: ReviewState): Promise<void> {
  const prefix = `list:${listId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
  // A row waiting on a request of its own (a member's edit) keeps waiting for that one.
  await sql`UPDATE entity SET review = ${state} WHERE review = 'pending'
    AND id IN (SELECT entity_id FROM claim WHERE origin LIKE ${prefix})
    AND NOT EXISTS (SELECT 1 FROM review_request r WHERE r.kind = 'entity' AND r.object_id = entity.id AND r.state = 'pending')`.execute(trx);
  await sql`UPDATE claim SET review = ${state} WHERE review = 'pending' AND origin LIKE ${prefix}
    AND NOT EXISTS (SELECT 1 FROM review_request r WHERE r.kind = 'claim' AND r.object_id = claim.id AND r.state = 'pending')`.execute(trx);
}

/** An entity's review state, its row locked for the caller's transaction. */
export async function lockEntityReview(trx: Trx, id: string): Promise<ReviewState | undefined> {
  const r = await trx.selectFrom("entity").select("review").where("id", "=", id).forUpdate().executeTakeFirst();
  return r?.review;
}
