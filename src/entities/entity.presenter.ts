import { z } from "@hono/zod-openapi";
import type { Entity } from "./entity.types.ts";

/** An entity as the API returns it. */
export const EntityOutSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    slug: z.string(),
    label: z.string(),
    fictional: z.boolean(),
    updatedAt: z.string(),
    review: z.enum(["pending", "approved", "rejected"]).openapi({
      description: "Four eyes: `pending` until a second member approves a new public record or a change to one; public readers only ever see `approved`",
    }),
    visibility: z.string().optional(),
    version: z.number().optional(),
    createdBy: z.string().optional(),
    createdAt: z.string().optional(),
  })
  .openapi("Entity");

/** An entity as the API returns it. */
export type EntityOut = z.infer<typeof EntityOutSchema>;

/** The fields of an entity that leave the server; the public form omits visibility and authorship. */
export function presentEntity(e: Entity, opts: { isPublic: boolean }): EntityOut {
  const base = {
    id: e.id,
    type: e.type,
    slug: e.slug,
    label: e.label,
    fictional: e.isFictional,
    updatedAt: e.updatedAt.toISOString(),
    review: e.review,
  };
  if (opts.isPublic) return base;
  return { ...base, visibility: e.visibility, version: e.version, createdBy: e.createdBy, createdAt: e.createdAt.toISOString() };
}
