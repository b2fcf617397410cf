/**
 * Multiple systems estimation (capture-recapture): how many victims no list recorded. Pure
 * functions over capture tables; reading files and printing belong to the callers.
 */
export type { CaptureCell, CaptureTable } from "./capture-table.ts";
export { buildCaptureTable, captureTableFromMemberships } from "./capture-table.ts";
export type { CaptureCsvOptions, ParsedCaptureCsv } from "./capture-csv.ts";
export { parseCaptureCsv } from "./capture-csv.ts";
export type { EstimateSummary, MseResult } from "./types.ts";
export type { LoglinearModel, Heterogeneity } from "./loglinear-models.ts";
export { parseModel } from "./loglinear-models.ts";
export type { LoglinearFit } from "./loglinear.ts";
export { fitLoglinear, closedp } from "./loglinear.ts";
export type { ProfileInterval } from "./profile-ci.ts";
export { profileInterval } from "./profile-ci.ts";
export type { Criterion, Selection } from "./model-selection.ts";
export { selectLoglinear } from "./model-selection.ts";
export type {
  LoglinearDiagnostics,
  LoglinearOptions,
  LoglinearResult,
  ModelChoice,
} from "./loglinear-estimate.ts";
export { estimateLoglinear } from "./loglinear-estimate.ts";
export type { LcmcrDiagnostics, LcmcrOptions, LcmcrResult } from "./lcmcr.ts";
export { estimateLcmcr, estimateLcmcrSteps, lcmcrChainOf, lcmcrSweepsPerChain, summarizeLcmcr } from "./lcmcr.ts";
export type { StratifiedResult } from "./stratified.ts";
export { combineStrata } from "./stratified.ts";
export type { PosteriorPlotInput } from "./posterior-svg.ts";
export { posteriorSvg } from "./posterior-svg.ts";
export type { Rng } from "./rng.ts";
export { createRng } from "./rng.ts";
export type { MseOptions } from "./mse.schema.ts";
export { MseOptionsSchema } from "./mse.schema.ts";
