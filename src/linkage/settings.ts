/**
 * Linkage settings: which columns to compare and how, how to block, and the decision thresholds.
 * One zod schema is both the validator for settings files and the type.
 */
import { z } from "zod";

const Columns = z.array(z.string().min(1)).min(1);

/** One compared field; `kind` decides the comparison levels. */
export const FieldSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("person"),
    name: z.string().min(1),
    /** Column holding the whole name (any order, "Surname, Given" understood). */
    full: z.string().optional(),
    first: z.string().optional(),
    last: z.string().optional(),
    tf: z.boolean().default(true),
  }),
  z.object({ kind: z.literal("name"), name: z.string().min(1), columns: Columns, tf: z.boolean().default(true) }),
  z.object({ kind: z.literal("string"), name: z.string().min(1), columns: Columns, tf: z.boolean().default(false) }),
  z.object({ kind: z.literal("code"), name: z.string().min(1), columns: Columns, tf: z.boolean().default(false) }),
  z.object({ kind: z.literal("exact"), name: z.string().min(1), columns: Columns, tf: z.boolean().default(false) }),
  z.object({ kind: z.literal("place"), name: z.string().min(1), columns: Columns, tf: z.boolean().default(true) }),
  z.object({ kind: z.literal("gender"), name: z.string().min(1), columns: Columns }),
  z.object({
    kind: z.literal("date"),
    name: z.string().min(1),
    /** One column with a date, or three columns year, month, day. */
    columns: Columns,
    /** Optional age column, turned into a birth range with `ageAt`'s date. */
    age: z.string().optional(),
    ageAt: z.string().optional(),
  }),
]);
/** One compared field, as validated. */
export type FieldSpec = z.infer<typeof FieldSchema>;

/** Settings for one linkage run. */
export const LinkSettingsSchema = z
  .object({
    /** "dedupe": any two records may match; "link_one_to_one": only across sources, each record at most once. */
    linkType: z.enum(["dedupe", "link_one_to_one"]).default("dedupe"),
    idColumn: z.string().min(1).default("record_id"),
    sourceColumn: z.string().min(1).default("source"),
    fields: z.array(FieldSchema).min(1),
    /** OR-ed blocking rules; each is a list of block keys that must all agree ("person.surname", "death.year"). */
    blocking: z.array(z.array(z.string().min(1)).min(1)).min(1),
    /**
     * OR-ed rules applied only to blocks of at most `rareBlockSize` records. Agreeing on a rare
     * value alone (a rare full name) makes a good candidate, while the same rule over a common
     * name would flood the pairs; common values are left to the stricter `blocking` rules.
     */
    rareBlocking: z.array(z.array(z.string().min(1)).min(1)).default([]),
    rareBlockSize: z.number().int().positive().default(25),
    /**
     * Rules whose pairs train m (EM per rule, leaving out the fields a rule forces to agree); empty
     * means the blocking rules. Good training rules are strict (death day and birth year, full name
     * and death day) so that their pairs are mostly matches: over loose blocks of namesakes and
     * relatives EM learns "same family" instead of "same person".
     */
    trainingRules: z.array(z.array(z.string().min(1)).min(1)).default([]),
    /**
     * What the prior match probability is over. "candidates": the share of matches among candidate
     * pairs (name agreement then counts twice, once in blocking and once in the weights, so common
     * names link too easily at scale). "all": the share among all record pairs, as Fellegi and
     * Sunter define it, which grows stricter with the size of the lists, as it should.
     */
    priorOver: z.enum(["candidates", "all"]).default("candidates"),
    /** Pairs at or above this match probability are linked. */
    threshold: z.number().gt(0).lt(1).default(0.5),
    /** Blocks bigger than this are skipped (reported), so one common value cannot explode the pair count. */
    maxBlockSize: z.number().int().positive().default(2000),
    seed: z.number().int().default(1988),
    uSamplePairs: z.number().int().positive().default(100_000),
    emIterations: z.number().int().positive().default(30),
    emMaxPairs: z.number().int().positive().default(100_000),
    /**
     * Estimate a second set of u for the "family" context (same surname, different given name) from
     * candidate pairs: siblings share a father, a city and often a death date, so those agreements
     * are no evidence between them (see context.ts).
     */
    uFromCandidates: z.boolean().default(false),
  })
  .strict();
/** Settings for one linkage run, with defaults filled in. */
export type LinkSettings = z.infer<typeof LinkSettingsSchema>;
/** Settings as written in a file, before defaults. */
export type LinkSettingsInput = z.input<typeof LinkSettingsSchema>;
