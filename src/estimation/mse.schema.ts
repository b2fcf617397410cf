/**
 * The options of an estimation request, validated once at the boundary (CLI today, API later).
 * Numbers may arrive as strings from the command line; they are coerced and range-checked.
 */
import { z } from "zod";

/** Options for `sabt mse`; defaults are those of the shared R reference runs. */
export const MseOptionsSchema = z.object({
  method: z.enum(["lcmcr", "loglinear"]),
  /** Log-linear model: indep, M0, Mt, Mh-…, Mth-…, Mb, Mbh, pairwise, best-aic, best-bic, "[12,34]". */
  model: z.string().trim().min(1).default("indep"),
  seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  /** Retained posterior draws per chain (R's `samples`). */
  iterations: z.coerce.number().int().min(4).max(10_000_000).default(5_000),
  burnin: z.coerce.number().int().min(0).max(100_000_000).default(10_000),
  thinning: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Independent chains; the command's default is one per core (at least two). */
  chains: z.coerce.number().int().min(1).max(16).optional(),
  k: z.coerce.number().int().min(2).max(100).default(10),
  level: z.coerce.number().gt(0).lt(1).default(0.95),
  stratum: z.string().min(1).optional(),
  json: z.boolean().optional(),
  svg: z.string().min(1).optional(),
  quiet: z.boolean().optional(),
});

/** Validated `sabt mse` options. */
export type MseOptions = z.infer<typeof MseOptionsSchema>;
