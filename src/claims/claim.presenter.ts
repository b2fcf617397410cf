import { z } from "@hono/zod-openapi";
import { formatDate } from "../dates/index.ts";
import type { Claim } from "./claim.types.ts";

/**
 * A claim's value as it leaves the server. A date also carries its display in both calendars
 * (the calendar it was entered in first), in English and Persian, so that clients need not
 * convert calendars themselves.
 */
function presentValue(c: Claim): Record<string, unknown> {
  if (c.value.type !== "date") return c.value as Record<string, unknown>;
  const date = c.value.date;
  return { ...c.value, display: { en: formatDate(date, { lang: "en", calendar: "both" }), fa: formatDate(date, { lang: "fa", calendar: "both" }) } };
}

/** A claim as the API returns it. */
export const ClaimOutSchema = z
  .object({
    id: z.string(),
    entityId: z.string(),
    property: z.string(),
    value: z.record(z.string(), z.unknown()),
    valueText: z.string(),
    sources: z.array(z.object({ sourceId: z.string(), locator: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
    editorial: z.boolean(),
    confidence: z.string(),
    status: z.string(),
    preferred: z.boolean(),
    preferredReason: z.string().nullable(),
    updatedAt: z.string(),
    review: z.enum(["pending", "approved", "rejected"]).openapi({
      description: "Four eyes: `pending` until a second member approves a new public value or a change to one (the public keeps the approved version meanwhile); public readers only ever see `approved`",
    }),
    confidenceRule: z.string().nullable().optional(),
    visibility: z.string().optional(),
    origin: z.string().nullable().optional(),
    version: z.number().optional(),
    author: z.string().optional(),
    createdAt: z.string().optional(),
  })
  .openapi("Claim");

/** A claim as the API returns it. */
export type ClaimOut = z.infer<typeof ClaimOutSchema>;

/**
 * The fields of a claim that leave the server. The public form drops visibility, authorship and
 * import origin, and keeps only citations of sources the public may see.
 */
export function presentClaim(c: Claim, opts: { isPublic: boolean; publicSourceIds?: ReadonlySet<string> }): ClaimOut {
  const sources = opts.isPublic
    ? c.sources.filter((s) => opts.publicSourceIds?.has(s.sourceId) ?? false)
    : [...c.sources];
  const base = {
    id: c.id,
    entityId: c.entityId,
    property: c.property,
    value: presentValue(c),
    valueText: c.valueText,
    sources,
    editorial: c.editorial,
    confidence: c.confidence,
    status: c.status,
    preferred: c.preferred,
    preferredReason: c.preferredReason,
    updatedAt: c.updatedAt.toISOString(),
    review: c.review,
  };
  if (opts.isPublic) return base;
  return {
    ...base,
    confidenceRule: c.confidenceRule,
    visibility: c.visibility,
    origin: c.origin,
    author: c.author,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  };
}
