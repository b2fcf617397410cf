/**
 * The log-linear estimator as Sabt reports it: one named model (or the AIC/BIC-best hierarchical
 * model) fitted by Poisson regression, with a profile-likelihood interval and fit warnings.
 */
import type { CaptureTable } from "./capture-table.ts";
import { fitLoglinear, type LoglinearFit } from "./loglinear.ts";
import { parseModel, type LoglinearModel } from "./loglinear-models.ts";
import { selectLoglinear, type Criterion } from "./model-selection.ts";
import { profileInterval, type ProfileInterval } from "./profile-ci.ts";
import { checkSparsity, type SparsityReport } from "./sparsity.ts";
import type { MseResult } from "./types.ts";

/** Which model to fit: a model, a name accepted by parseModel, or "best-aic"/"best-bic". */
export type ModelChoice = LoglinearModel | string;

/** Options for {@link estimateLoglinear}. */
export interface LoglinearOptions {
  /** Default "indep" (Rcapture's Mt). */
  readonly model?: ModelChoice;
  /** Interval coverage (default 0.95). */
  readonly level?: number;
}

/** The fitted model's statistics and, after a search, the runners-up. */
export interface LoglinearDiagnostics {
  readonly model: string;
  readonly formula: string;
  readonly stderr: number;
  readonly deviance: number;
  readonly df: number;
  readonly aic: number;
  readonly bic: number;
  readonly converged: boolean;
  /** The N maximising the multinomial profile likelihood (Rcapture's closedpCI "abundance"). */
  readonly profileEstimate: number;
  readonly droppedTerms: readonly string[];
  readonly selection?: {
    readonly criterion: Criterion;
    readonly search: "exhaustive" | "stepwise";
    readonly modelsCompared: number;
    readonly top: readonly { readonly model: string; readonly abundance: number; readonly score: number }[];
  };
  readonly sparsity: SparsityReport;
  readonly warnings: readonly string[];
}

/** A log-linear run, with the profile-likelihood curve for plotting. */
export interface LoglinearResult extends MseResult<LoglinearDiagnostics> {
  readonly profile: ProfileInterval;
}

/**
 * Fits the chosen log-linear model and returns N with a profile-likelihood interval.
 * @throws SabtError validation_failed for an unknown model name.
 * @example estimateLoglinear(table, { model: "best-bic" }).estimate
 */
export function estimateLoglinear(table: CaptureTable, options: LoglinearOptions = {}): LoglinearResult {
  const started = performance.now();
  const choice = options.model ?? "indep";
  let model: LoglinearModel;
  let fit: LoglinearFit;
  let selection: LoglinearDiagnostics["selection"];
  const best = typeof choice === "string" ? /^best-(aic|bic)$/i.exec(choice.trim()) : null;
  if (best) {
    const criterion = (best[1] as string).toLowerCase() as Criterion;
    const s = selectLoglinear(table, { criterion });
    fit = s.best;
    model = fit.spec;
    selection = {
      criterion,
      search: s.search,
      modelsCompared: s.ranked.length,
      top: s.ranked
        .slice(0, 5)
        .map((f) => ({ model: f.model, abundance: f.abundance, score: criterion === "aic" ? f.aic : f.bic })),
    };
  } else {
    model = typeof choice === "string" ? parseModel(choice, table.lists) : choice;
    fit = fitLoglinear(table, model);
  }
  const behavioural = model.kind === "Mb" || model.kind === "Mbh";
  // Rcapture offers no profile interval for the behavioural models: fall back to a Wald interval.
  const profile: ProfileInterval = behavioural
    ? {
        estimate: fit.abundance,
        lower: Math.max(table.observed, fit.abundance - 1.96 * fit.stderr),
        upper: fit.abundance + 1.96 * fit.stderr,
        level: 0.95,
        curve: [],
      }
    : profileInterval(table, model, fit.abundance, { level: options.level ?? 0.95 });
  const sparsity = checkSparsity(table);
  const warnings = [...fitWarnings(fit, profile), ...sparsity.warnings];
  return {
    method: "loglinear",
    observed: table.observed,
    estimate: { mean: fit.abundance, median: fit.abundance, lower: profile.lower, upper: profile.upper },
    diagnostics: {
      model: fit.model,
      formula: fit.formula,
      stderr: fit.stderr,
      deviance: fit.deviance,
      df: fit.df,
      aic: fit.aic,
      bic: fit.bic,
      converged: fit.converged,
      profileEstimate: profile.estimate,
      droppedTerms: fit.droppedTerms,
      ...(selection === undefined ? {} : { selection }),
      sparsity,
      warnings,
    },
    seconds: (performance.now() - started) / 1000,
    profile,
  };
}

function fitWarnings(fit: LoglinearFit, profile: ProfileInterval): string[] {
  const out: string[] = [];
  if (!fit.converged) out.push(`model ${fit.model} did not converge: its estimate is not usable`);
  // A deviance this far above its degrees of freedom rejects the model at well below 1 %.
  if (fit.df > 0 && fit.deviance > fit.df + 3 * Math.sqrt(2 * fit.df)) {
    out.push(
      `model ${fit.model} fits poorly (deviance ${fit.deviance.toFixed(1)} on ${fit.df} df): the lists are probably dependent; try best-bic or LCMCR`,
    );
  }
  if (!Number.isFinite(profile.upper)) {
    out.push("the profile likelihood does not bound N from above: the upper limit is infinite");
  }
  return out;
}
