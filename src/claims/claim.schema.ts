import { z } from "zod";
import { VisibilitySchema } from "../shared/visibility.ts";

/** How sure the documenters are of a value. */
export const ConfidenceSchema = z.enum(["low", "medium", "high"]);
/** Lifecycle of a claim: contested claims stay visible beside their rivals; retracted ones do not. */
export const ClaimStatusSchema = z.enum(["asserted", "contested", "retracted"]);
/** A property name: snake_case, so that it is stable in URLs, exports and queries. */
export const PropertySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be snake_case letters, digits and _ (at most 63)");

/** Where in a source a claim is supported: page, paragraph, quote, time range, image region, archive item. */
export const LocatorSchema = z
  .record(z.string().max(40), z.union([z.string().max(2000), z.number()]))
  .refine((r) => Object.keys(r).length <= 12, "at most 12 locator fields");

/** One citation: a source entity and a locator inside it. */
export const CitationSchema = z.strictObject({
  sourceId: z.string().min(1).max(64),
  locator: LocatorSchema.optional(),
});

const NameKindSchema = z.enum(["full", "given", "family", "father", "alias", "title", "other"]);

/**
 * A link a claim may hold: http or https only. Any other scheme (javascript:, data:) would run or
 * load content where the public site and the workspace render the link.
 */
const WebUrlSchema = z
  .string()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL");

/**
 * The typed value of a claim, as clients send it. Dates are sent as text and parsed on the server.
 * Every object is strict: a misspelt field ("visiblity") is refused rather than silently dropped,
 * since dropping it would store the claim with a default the editor did not choose.
 */
export const ClaimValueInputSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: z.string().min(1).max(20000), lang: z.string().max(8).optional() }),
  z.strictObject({
    type: z.literal("name"),
    text: z.string().min(1).max(300),
    kind: NameKindSchema.default("full"),
    lang: z.string().max(8).optional(),
  }),
  z.strictObject({
    type: z.literal("date"),
    text: z.string().min(1).max(200),
    calendar: z.enum(["gregorian", "jalali", "hijri"]).optional(),
  }),
  z.strictObject({ type: z.literal("number"), amount: z.number().finite(), unit: z.string().max(40).optional() }),
  z.strictObject({ type: z.literal("entity"), id: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal("boolean"), value: z.boolean() }),
  z.strictObject({ type: z.literal("url"), url: WebUrlSchema }),
  z.strictObject({
    type: z.literal("geo"),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    precision: z.enum(["exact", "approximate"]).default("approximate"),
  }),
]);
export type ClaimValueInput = z.infer<typeof ClaimValueInputSchema>;

const claimFields = {
  property: PropertySchema,
  value: ClaimValueInputSchema,
  sources: z.array(CitationSchema).max(50).default([]),
  editorial: z.boolean().default(false),
  confidence: ConfidenceSchema.default("medium"),
  confidenceRule: z.string().max(500).optional(),
  visibility: VisibilitySchema.default("team"),
  status: ClaimStatusSchema.default("asserted"),
};

/** Body of "create a claim". No value without a source, unless it is marked editorial. */
export const ClaimCreateSchema = z
  .strictObject({ entityId: z.string().min(1).max(64), ...claimFields })
  .refine((c) => c.editorial || c.sources.length > 0, {
    message: "a claim needs at least one source, or must be marked editorial",
    path: ["sources"],
  });
export type ClaimCreateReq = z.infer<typeof ClaimCreateSchema>;

/** Body of "edit a claim": the version being edited plus the fields to change. */
export const ClaimEditSchema = z.strictObject({
  version: z.number().int().min(1),
  value: ClaimValueInputSchema.optional(),
  sources: z.array(CitationSchema).max(50).optional(),
  editorial: z.boolean().optional(),
  confidence: ConfidenceSchema.optional(),
  confidenceRule: z.string().max(500).nullable().optional(),
  visibility: VisibilitySchema.optional(),
  status: ClaimStatusSchema.optional(),
  reason: z.string().max(1000).optional(),
});
export type ClaimEditReq = z.infer<typeof ClaimEditSchema>;

/** Body of "revert a claim to an earlier version". */
export const ClaimRevertSchema = z.strictObject({
  version: z.number().int().min(1),
  toVersion: z.number().int().min(1),
  reason: z.string().max(1000).optional(),
});
export type ClaimRevertReq = z.infer<typeof ClaimRevertSchema>;

/** Body of "prefer this claim among its rivals", with the editor's reason. */
export const ClaimPreferSchema = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string().min(1).max(1000),
});
export type ClaimPreferReq = z.infer<typeof ClaimPreferSchema>;
