import { z } from "zod";

/** Every visibility, widest first: who may see a value or a record. */
export const VISIBILITIES = ["public", "team", "confidential"] as const;

/** Who may see a value or a record (the one schema for claims, entities and imports). */
export const VisibilitySchema = z.enum(VISIBILITIES);

/** Who may see a value or a record. */
export type Visibility = z.infer<typeof VisibilitySchema>;
