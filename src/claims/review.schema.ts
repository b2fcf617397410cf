import { z } from "@hono/zod-openapi";

/** What can be reviewed: a claim, an entity, or an article (the article and its pending parts together). */
export const ReviewKindSchema = z.enum(["claim", "entity", "article"]);
export type ReviewKind = z.infer<typeof ReviewKindSchema>;

/** Where a request stands. */
export const ReviewStateSchema = z.enum(["pending", "approved", "rejected"]);

/** Body of "decide a review": a rejection needs its reason, which the author sees. */
export const ReviewDecisionSchema = z
  .strictObject({
    decision: z.enum(["approve", "reject"]),
    reason: z.string().trim().max(2000).optional(),
    /** The version the reviewer looked at: a change made since is refused as stale, not approved unseen. */
    version: z.number().int().min(1).optional(),
  })
  .refine((d) => d.decision === "approve" || (d.reason ?? "").length > 0, {
    message: "a rejection needs a reason, which the author will see",
    path: ["reason"],
  });
export type ReviewDecisionReq = z.infer<typeof ReviewDecisionSchema>;

/** Query of "list reviews". */
export const ReviewListQuerySchema = z.object({
  state: ReviewStateSchema.default("pending"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Body of "assign a review to a member" (null: unassign). */
export const ReviewAssignSchema = z.strictObject({ userId: z.string().min(1).max(64).nullable() });
