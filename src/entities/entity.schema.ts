import { z } from "zod";
import { VisibilitySchema } from "../shared/visibility.ts";

/** Every kind of entity. Relations (detention, occupancy, …) are entities whose claims name their parts. */
export const EntityTypeSchema = z.enum([
  "person",
  "organization",
  "place",
  "event",
  "position",
  "source",
  "list",
  "article",
  "tag",
  "detention",
  "membership",
  "occupancy",
  "command",
  "participation",
  "legal_case",
]);
export type EntityType = z.infer<typeof EntityTypeSchema>;

/** The relation types: n-ary, dated, with their parts as entity-valued claims. */
export const RELATION_TYPES: readonly EntityType[] = [
  "detention",
  "membership",
  "occupancy",
  "command",
  "participation",
  "legal_case",
];

/** Body of "create an entity". Strict: an unknown (misspelt) field is refused, not dropped. */
export const EntityCreateSchema = z.strictObject({
  type: EntityTypeSchema,
  label: z.string().trim().min(1).max(300),
  slug: z
    .string()
    .regex(/^[a-z0-9\u0600-\u06FF]+(?:-[a-z0-9\u0600-\u06FF]+)*$/, "lowercase letters, digits and hyphens")
    .max(80)
    .optional(),
  visibility: VisibilitySchema.default("team"),
  isFictional: z.boolean().default(false),
});
export type EntityCreateReq = z.infer<typeof EntityCreateSchema>;

/** Body of "edit an entity": the version being edited plus the fields to change. */
export const EntityEditSchema = z.strictObject({
  version: z.number().int().min(1),
  label: z.string().trim().min(1).max(300).optional(),
  slug: EntityCreateSchema.shape.slug,
  visibility: VisibilitySchema.optional(),
  reason: z.string().max(1000).optional(),
});
export type EntityEditReq = z.infer<typeof EntityEditSchema>;

/** Query of "list entities". */
export const EntityListQuerySchema = z.object({
  type: EntityTypeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
