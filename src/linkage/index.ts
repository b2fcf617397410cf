/**
 * Record linkage: Fellegi-Sunter with EM, term-frequency adjustments, OR-ed blocking with a recall
 * report, and clustering that resists chaining. Pure: records in, clusters and scores out.
 */
export { linkRecords } from "./link.ts";
export type { LinkOptions, LinkResult, ReviewDecision } from "./link.ts";
export { LinkSettingsSchema, FieldSchema } from "./settings.ts";
export type { LinkSettings, LinkSettingsInput, FieldSpec } from "./settings.ts";
export { VICTIM_LIST_SETTINGS, victimListSettings } from "./defaults.ts";
export { explainPair } from "./model.ts";
export type { Model, PairExplanation, FieldWeight } from "./model.ts";
export type { CandidatePairs } from "./blocking.ts";
export { prepareRecords } from "./prepare.ts";
export { parseDate } from "./dates.ts";
export type { DateRange } from "./dates.ts";
export { jaroWinkler, levenshtein } from "./strings.ts";
export { csvField, formatCsv, pairsCsvChunks, parseCsvRecords } from "./csv.ts";
export { generateVictimLists } from "./synth/generate.ts";
export type { SyntheticLists } from "./synth/generate.ts";
