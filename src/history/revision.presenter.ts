import { z } from "@hono/zod-openapi";
import type { Revision } from "./revision.service.ts";

/** A revision as the API returns it. */
export const RevisionOutSchema = z
  .object({
    version: z.number(),
    action: z.string(),
    author: z.string(),
    reason: z.string().nullable(),
    createdAt: z.string(),
    snapshot: z.record(z.string(), z.unknown()),
  })
  .openapi("Revision");

/** A revision as the API returns it. */
export type RevisionOut = z.infer<typeof RevisionOutSchema>;

/** The fields of a revision that leave the server (team side only). */
export function presentRevision(r: Revision): RevisionOut {
  return {
    version: r.version,
    action: r.action,
    author: r.author,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    snapshot: r.snapshot,
  };
}
