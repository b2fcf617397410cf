/**
 * Fits one log-linear capture-recapture model and derives the population estimate the way
 * Rcapture's closedp does: N = n + exp(intercept) (the fitted count of the unobservable all-zero
 * pattern), its standard error, deviance, AIC and BIC.
 */
import type { CaptureTable } from "./capture-table.ts";
import { denseCounts } from "./capture-table.ts";
import { fitPoisson, type PoissonFit } from "./glm.ts";
import {
  buildDesign,
  modelFormula,
  modelName,
  type Design,
  type LoglinearModel,
} from "./loglinear-models.ts";

/** One fitted model, with the columns of Rcapture's closedp table. */
export interface LoglinearFit {
  /** Rcapture's name ("Mt", "Mth Chao (LB)", "[123,14,34]"). */
  readonly model: string;
  /** The model with list names ("EXH*ABA*OSCE + EXH*HRW"). */
  readonly formula: string;
  /** The model fitted, to refit or profile it. */
  readonly spec: LoglinearModel;
  readonly observed: number;
  /** Estimated population size, observed plus unobserved. */
  readonly abundance: number;
  readonly stderr: number;
  readonly deviance: number;
  readonly df: number;
  readonly aic: number;
  readonly bic: number;
  readonly converged: boolean;
  /** Chao heterogeneity terms fixed at zero because their estimate was negative (as Rcapture does). */
  readonly droppedTerms: readonly string[];
  readonly coefficients: Readonly<Record<string, number>>;
}

/** A design restricted to some columns, with the Poisson fit on it. */
export interface FittedDesign {
  readonly design: Design;
  readonly fit: PoissonFit;
  readonly dropped: string[];
}

/**
 * Fits a design to counts y, then, as Rcapture's Chao.neg does, repeatedly drops the first Chao
 * term with a negative coefficient and refits: a lower-bound model must not imply negative
 * heterogeneity.
 */
export function fitDesign(design: Design, y: ArrayLike<number>): FittedDesign {
  let current = design;
  const dropped: string[] = [];
  for (;;) {
    const fit = fitPoisson(current.rows, y);
    const from = current.chaoFrom;
    if (from === undefined) return { design: current, fit, dropped };
    const neg = fit.coef.findIndex((c, i) => i >= from && c < 0);
    if (neg < 0) return { design: current, fit, dropped };
    dropped.push(current.columns[neg] as string);
    const keep = (_: unknown, i: number) => i !== neg;
    const rest = current.columns.length - 1 > from ? from : undefined;
    current = {
      rows: current.rows.map((r) => r.filter(keep)),
      columns: current.columns.filter(keep),
      ...(rest === undefined ? {} : { chaoFrom: rest }),
    };
  }
}

/**
 * Fits a log-linear model to a capture table.
 * @example fitLoglinear(table, { kind: "Mt" }).abundance
 */
export function fitLoglinear(table: CaptureTable, model: LoglinearModel): LoglinearFit {
  const j = table.lists.length;
  const y = denseCounts(table).subarray(1); // drop the unobservable pattern 0
  const { design, fit, dropped } = fitDesign(buildDesign(model, j), y);
  const n = table.observed;
  const b = fit.coef;
  const cov = fit.covariance;
  const c = (i: number) => b[i] as number;
  const v = (r: number, s: number) => (cov[r] as readonly number[])[s] as number;
  let abundance: number;
  let stderr: number;
  if (model.kind === "Mb" || model.kind === "Mbh") {
    ({ abundance, stderr } = behaviouralAbundance(model.kind, j, c, v));
  } else {
    const m0 = Math.exp(c(0));
    abundance = n + m0;
    stderr = Math.sqrt(m0 + m0 * m0 * v(0, 0));
  }
  const coefficients: Record<string, number> = {};
  design.columns.forEach((name, i) => (coefficients[name] = c(i)));
  return {
    model: modelName(model, table.lists),
    formula: modelFormula(model, table.lists),
    spec: model,
    observed: n,
    abundance,
    stderr,
    deviance: fit.deviance,
    df: y.length - fit.rank,
    aic: fit.aic,
    bic: fit.aic - 2 * fit.rank + fit.rank * Math.log(n),
    converged: fit.converged && Number.isFinite(abundance),
    droppedTerms: dropped,
    coefficients,
  };
}

// Rcapture's closed forms for the behavioural models, with delta-method standard errors.
function behaviouralAbundance(
  kind: "Mb" | "Mbh",
  t: number,
  c: (i: number) => number,
  v: (r: number, s: number) => number,
): { abundance: number; stderr: number } {
  let n: number;
  let grad: number[];
  if (kind === "Mb") {
    const e1 = Math.exp(c(1));
    const e2 = Math.exp(c(2));
    const d = 1 + e2 - e1;
    n = (Math.exp(c(0)) * (1 + e2) ** t) / d;
    grad = [1, e1 / d, (t * e2) / (1 + e2) - e2 / d].map((g) => n * g);
  } else {
    const e3 = Math.exp(c(2));
    const e4 = Math.exp(c(3));
    const d = 1 + e4 - e3;
    const e23 = Math.exp(c(1) + c(2));
    const base = Math.exp(c(0)) * (1 + e4) ** (t - 1);
    n = base * (1 + e23 / d);
    grad = [
      1 + e23 / d,
      e23 / d,
      e23 / d + Math.exp(c(1) + 2 * c(2)) / (d * d),
      ((t - 1) * e4) / (1 + e4) - (e23 * e4) / (d * d),
    ].map((g) => base * g);
  }
  let q = 0;
  grad.forEach((gr, r) => grad.forEach((gs, s) => (q += gr * gs * v(r, s))));
  return { abundance: n, stderr: Math.sqrt(q - n) };
}

/** The twelve models Rcapture's closedp.t fits (M0, Mt, four Mh, four Mth, Mb, Mbh; fewer for two lists). */
export function closedpModels(lists: number): LoglinearModel[] {
  if (lists < 3) return [{ kind: "M0" }, { kind: "Mt" }, { kind: "Mb" }];
  const hs = ["chao", "poisson2", "darroch", "gamma3.5"] as const;
  return [
    { kind: "M0" },
    { kind: "Mt" },
    ...hs.map((h) => ({ kind: "Mh", h }) as const),
    ...hs.map((h) => ({ kind: "Mth", h }) as const),
    { kind: "Mb" },
    { kind: "Mbh" },
  ];
}

/** Fits every closedp model, like Rcapture's closedp(X, dfreq = TRUE). */
export function closedp(table: CaptureTable): LoglinearFit[] {
  return closedpModels(table.lists.length).map((m) => fitLoglinear(table, m));
}
