import { createRoute, z } from "@hono/zod-openapi";
import { presentEntity, EntityOutSchema } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { bodyErrorResponses, errorResponses, jsonBody, jsonResponse } from "../http/index.ts";
import { ClaimOutSchema, presentClaim } from "./claim.presenter.ts";
import { ReviewAssignSchema, ReviewDecisionSchema, ReviewKindSchema, ReviewListQuerySchema, ReviewStateSchema } from "./review.schema.ts";
import { assignReview, decideReview, listReviews, type ReviewItem } from "./review.service.ts";

const tags = ["review"];
const PersonSchema = z.object({ actor: z.string(), name: z.string() });
const ReviewOutSchema = z
  .object({
    id: z.string(),
    kind: ReviewKindSchema,
    objectId: z.string(),
    entityId: z.string(),
    state: ReviewStateSchema,
    proposal: z.unknown().openapi({ description: "The proposed change to a public record; null when the record itself waits (new, or becoming public)" }),
    baseVersion: z.number(),
    authors: z.array(PersonSchema),
    assignedTo: PersonSchema.nullable(),
    decidedBy: PersonSchema.nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    entity: EntityOutSchema,
    claim: ClaimOutSchema.nullable(),
  })
  .openapi("Review");
const KindParams = z.object({ kind: ReviewKindSchema, id: z.string().min(1).max(200) });

const FOUR_EYES = {
  description: "Not allowed; `four_eyes` when the work under review is your own (another member must decide)",
  content: { "application/json": { schema: z.object({ error: z.object({ id: z.string(), message: z.string() }) }) } },
};

const listRoute = createRoute({
  method: "get",
  path: "/api/review",
  tags,
  summary: "The review queue",
  description: "What waits for (or was given) a second member's decision before it can be public, newest first.",
  request: { query: ReviewListQuerySchema },
  responses: { 200: jsonResponse(z.object({ items: z.array(ReviewOutSchema) }), "Requests you may read"), ...errorResponses },
});

const decideRoute = createRoute({
  method: "post",
  path: "/api/review/{kind}/{id}",
  tags,
  summary: "Approve or reject what waits on a record",
  description:
    "`kind` is `claim`, `entity` or `article` (an article with its waiting parts). A rejection needs a `reason`, shown to the author. Reviewers, editors and admins decide; nobody decides their own work (403 `four_eyes`). `version` (optional) is the version you reviewed: a record changed since is refused with 409 `stale_version`.",
  request: { params: KindParams, body: jsonBody(ReviewDecisionSchema) },
  responses: { 200: jsonResponse(z.object({ state: ReviewStateSchema }), "The decision"), ...bodyErrorResponses, 403: FOUR_EYES },
});

const assignRoute = createRoute({
  method: "post",
  path: "/api/review/{kind}/{id}/assign",
  tags,
  summary: "Assign what waits on a record to a member",
  request: { params: KindParams, body: jsonBody(ReviewAssignSchema) },
  responses: { 200: jsonResponse(z.object({ assigned: z.string().nullable() }), "Assigned"), ...bodyErrorResponses },
});

/** A review request as the API returns it (only to members: the public never sees the queue). */
function presentReview(r: ReviewItem) {
  return {
    id: r.id,
    kind: r.kind,
    objectId: r.objectId,
    entityId: r.entityId,
    state: r.state,
    proposal: r.proposal,
    baseVersion: r.baseVersion,
    authors: r.authors,
    assignedTo: r.assignedTo,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    entity: presentEntity(r.entity, { isPublic: false }),
    claim: r.claim ? presentClaim(r.claim, { isPublic: false }) : null,
  };
}

/** Registers the review API: the queue, decisions and assignment. */
export function registerReviewRoutes(app: App, { db }: AppDeps): void {
  app.openapi(listRoute, async (c) => {
    const items = await listReviews(db, c.get("viewer"), c.req.valid("query"));
    return c.json({ items: items.map(presentReview) }, 200);
  });
  app.openapi(decideRoute, async (c) => {
    const { kind, id } = c.req.valid("param");
    const state = await db.transaction().execute((trx) => decideReview(trx, c.get("viewer"), kind, id, c.req.valid("json")));
    return c.json({ state }, 200);
  });
  app.openapi(assignRoute, async (c) => {
    const { kind, id } = c.req.valid("param");
    const { userId } = c.req.valid("json");
    await db.transaction().execute((trx) => assignReview(trx, c.get("viewer"), kind, id, userId));
    return c.json({ assigned: userId }, 200);
  });
}
