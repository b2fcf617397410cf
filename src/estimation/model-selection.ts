/**
 * Chooses a hierarchical log-linear model by AIC or BIC, like Rcapture's closedpMS.t: every
 * hierarchical model with interactions up to `maxOrder` when there are few enough of them, and a
 * forward-backward stepwise search otherwise (six or more lists make exhaustive search explode).
 */
import type { CaptureTable } from "./capture-table.ts";
import { listsInPattern } from "./capture-table.ts";
import { fitLoglinear, type LoglinearFit } from "./loglinear.ts";
import { hierarchicalClosure } from "./loglinear-models.ts";

/** Which information criterion ranks the models. */
export type Criterion = "aic" | "bic";

/** Options for {@link selectLoglinear}. */
export interface SelectionOptions {
  readonly criterion?: Criterion;
  /** Highest interaction order considered (default J − 1, the saturated term being inestimable). */
  readonly maxOrder?: number;
  /** Largest number of models to fit exhaustively before switching to stepwise (default 5000). */
  readonly maxModels?: number;
}

/** The models compared and the one chosen. */
export interface Selection {
  readonly criterion: Criterion;
  readonly search: "exhaustive" | "stepwise";
  readonly best: LoglinearFit;
  /** All converged fits, best first. */
  readonly ranked: readonly LoglinearFit[];
}

/**
 * Fits the candidate hierarchical models and ranks them by the criterion.
 * @example selectLoglinear(table, { criterion: "bic" }).best.model // "[123,14,34]" on kosovo
 */
export function selectLoglinear(table: CaptureTable, options: SelectionOptions = {}): Selection {
  const j = table.lists.length;
  const criterion = options.criterion ?? "bic";
  const maxOrder = Math.min(options.maxOrder ?? j - 1, j - 1);
  const candidates = allTerms(j, maxOrder);
  const models = enumerateHierarchical(candidates, options.maxModels ?? 5000);
  const score = (f: LoglinearFit) => (criterion === "aic" ? f.aic : f.bic);
  let fits: LoglinearFit[];
  let search: Selection["search"];
  if (models !== undefined) {
    search = "exhaustive";
    fits = models.map((terms) => fitLoglinear(table, { kind: "terms", terms }));
  } else {
    search = "stepwise";
    fits = stepwise(table, candidates, score);
  }
  const ranked = fits.filter(usable).sort((a, b) => score(a) - score(b));
  const best = ranked[0] ?? fitLoglinear(table, { kind: "Mt" });
  return { criterion, search, best, ranked };
}

// A fit is usable when it converged to a finite estimate: models whose MLE sits on the boundary
// (an interaction fitted to an empty cell) send exp(intercept) towards 0 or infinity.
function usable(f: LoglinearFit): boolean {
  return (
    f.converged && Number.isFinite(f.abundance) && Number.isFinite(f.stderr) && f.abundance < f.observed * 1e6
  );
}

/** Every interaction (bit mask) of order 2..maxOrder over j lists, lowest order first. */
function allTerms(j: number, maxOrder: number): number[] {
  const out: number[] = [];
  for (let t = 1; t < 1 << j; t++) {
    const k = listsInPattern(t);
    if (k >= 2 && k <= maxOrder) out.push(t);
  }
  return out.sort((a, b) => listsInPattern(a) - listsInPattern(b) || a - b);
}

/**
 * All hierarchical (down-closed) sets of the candidate terms, or undefined when there are more
 * than `limit`. Terms are decided in order of size, so a term's sub-terms are decided first.
 */
function enumerateHierarchical(terms: readonly number[], limit: number): number[][] | undefined {
  const out: number[][] = [];
  const chosen = new Set<number>();
  let overflow = false;
  const subsOk = (t: number) => {
    for (let b = t; b !== 0; b &= b - 1) {
      const sub = t & ~(b & -b);
      if (listsInPattern(sub) >= 2 && !chosen.has(sub)) return false;
    }
    return true;
  };
  const walk = (i: number) => {
    if (overflow) return;
    if (i === terms.length) {
      out.push([...chosen]);
      if (out.length > limit) overflow = true;
      return;
    }
    const t = terms[i] as number;
    walk(i + 1);
    if (subsOk(t)) {
      chosen.add(t);
      walk(i + 1);
      chosen.delete(t);
    }
  };
  walk(0);
  return overflow ? undefined : out;
}

// Greedy forward-backward search from independence over hierarchical models.
function stepwise(
  table: CaptureTable,
  candidates: readonly number[],
  score: (f: LoglinearFit) => number,
): LoglinearFit[] {
  const fits: LoglinearFit[] = [];
  const fit = (terms: number[]) => {
    const f = fitLoglinear(table, { kind: "terms", terms });
    fits.push(f);
    return f;
  };
  let current: number[] = [];
  let currentFit = fit(current);
  for (let step = 0; step < 4 * candidates.length; step++) {
    const has = new Set(current);
    const moves: number[][] = [];
    for (const t of candidates) {
      if (has.has(t)) {
        // Removing t keeps the model hierarchical only if no included term contains it.
        if (!current.some((u) => u !== t && (u & t) === t)) moves.push(current.filter((u) => u !== t));
      } else if (hierarchicalClosure([t]).every((s) => s === t || has.has(s))) {
        moves.push([...current, t]);
      }
    }
    let bestMove: { terms: number[]; f: LoglinearFit } | undefined;
    for (const terms of moves) {
      const f = fit(terms);
      if (!usable(f)) continue;
      if (bestMove === undefined || score(f) < score(bestMove.f)) bestMove = { terms, f };
    }
    if (bestMove === undefined || !(score(bestMove.f) < score(currentFit) - 1e-9)) break;
    current = bestMove.terms;
    currentFit = bestMove.f;
  }
  return fits;
}
