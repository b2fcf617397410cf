/**
 * Inputs of the lists capability, validated once at every boundary (routes, CLI, services); each
 * schema is also the type. Errors become `validation_failed` with "field: message".
 */
import { z } from "zod";
import { LinkSettingsSchema } from "../linkage/index.ts";

const Id = z.string().trim().min(1).max(200);
const Note = z.string().trim().max(2000).optional().transform((s) => (s ? s : undefined));

/** A record by list id and record id. */
export const RecordKeySchema = z.object({ list: Id, record: z.string().trim().min(1).max(500) });

/** Options of a linkage run. */
export const LinkOptionsSchema = z
  .object({
    /** Lists to link (default: every list with records). */
    listIds: z.array(Id).min(1).max(100).optional(),
    /** Linker settings (default: the victim-list settings). */
    settings: LinkSettingsSchema.optional(),
    /** Pairs with a probability inside this band go to the review queue. */
    bandLow: z.coerce.number().gt(0).lt(1).default(0.2),
    bandHigh: z.coerce.number().gt(0).lt(1).default(0.9),
    /** Most pairs queued per run (the closest to a coin toss first). */
    maxQueue: z.coerce.number().int().min(0).max(50_000).default(2_000),
  })
  .refine((o) => o.bandLow < o.bandHigh, { message: "bandLow must be below bandHigh", path: ["bandLow"] });
/** Validated linkage options. */
export type LinkOptions = z.infer<typeof LinkOptionsSchema>;
/** Linkage options as a caller writes them. */
export type LinkOptionsInput = z.input<typeof LinkOptionsSchema>;

/** A reviewer's decision on one pair. */
export const PairDecisionSchema = z.object({
  left: RecordKeySchema,
  right: RecordKeySchema,
  decision: z.enum(["match", "non-match"]),
  note: Note,
});
/** A validated pair decision. */
export type PairDecisionReq = z.infer<typeof PairDecisionSchema>;
/** As a caller writes it. */
export type PairDecisionInput = z.input<typeof PairDecisionSchema>;

/** Merging two clusters into one person. */
export const MergeSchema = z.object({ a: Id.max(800), b: Id.max(800), note: Note });
/** A validated merge. */
export type MergeReq = z.infer<typeof MergeSchema>;
/** As a caller writes it. */
export type MergeInput = z.input<typeof MergeSchema>;

/** Taking one record out of its cluster. */
export const UnmergeSchema = z.object({ record: RecordKeySchema, note: Note });
/** A validated unmerge. */
export type UnmergeReq = z.infer<typeof UnmergeSchema>;
/** As a caller writes it. */
export type UnmergeInput = z.input<typeof UnmergeSchema>;

/** Undoing one earlier review event. */
export const RevertSchema = z.object({ eventId: z.coerce.number().int().positive().transform(String), note: Note });
/** A validated revert. */
export type RevertReq = z.infer<typeof RevertSchema>;
/** As a caller writes it. */
export type RevertInput = z.input<typeof RevertSchema>;

/** Options of an estimation run; LCMCR's schedule can be shortened (tests, quick looks). */
export const EstimateOptionsSchema = z.object({
  method: z.enum(["lcmcr", "loglinear"]).default("lcmcr"),
  /** Log-linear model: indep, Mth-…, best-aic, best-bic, … (see src/estimation). */
  model: z.string().trim().min(1).max(200).default("best-bic"),
  seed: z.coerce.number().int().min(0).max(2_147_483_647).default(1),
  /** Retained posterior draws per chain. */
  iterations: z.coerce.number().int().min(10).max(100_000).default(2_000),
  burnin: z.coerce.number().int().min(0).max(1_000_000).default(2_000),
  thinning: z.coerce.number().int().min(1).max(1_000).default(10),
  chains: z.coerce.number().int().min(1).max(8).default(2),
  k: z.coerce.number().int().min(2).max(50).default(10),
  level: z.coerce.number().gt(0.5).lt(1).default(0.95),
  strata: z.enum(["prison", "city"]).optional(),
});
/** Validated estimation options. */
export type EstimateOptions = z.infer<typeof EstimateOptionsSchema>;
/** Estimation options as a caller writes them. */
export type EstimateOptionsInput = z.input<typeof EstimateOptionsSchema>;

/** Publishing an estimate: what the public page calls it, in both languages. */
export const PublishSchema = z.object({
  labelFa: z.string().trim().min(1).max(300),
  labelEn: z.string().trim().min(1).max(300),
});
/** A validated publication. */
export type PublishReq = z.infer<typeof PublishSchema>;
/** As a caller writes it. */
export type PublishInput = z.input<typeof PublishSchema>;

