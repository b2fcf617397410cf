/**
 * Log-linear capture-recapture models as design matrices over the 2^J − 1 observable patterns,
 * following Rcapture (Baillargeon & Rivest 2007): M0, Mt, the heterogeneity models Mh/Mth
 * (Chao lower bound, Poisson, Darroch, Gamma), the behavioural Mb/Mbh, and hierarchical models
 * given as interaction terms ("[123,14,34]" in Rcapture's notation).
 */
import { SabtError } from "../shared/errors.ts";
import { listsInPattern } from "./capture-table.ts";

/** Rcapture's heterogeneity shapes: h(k) for a person seen k times. */
export type Heterogeneity = "chao" | "poisson2" | "darroch" | "gamma3.5";

/** A log-linear model: one of Rcapture's closed-population models, or interaction terms. */
export type LoglinearModel =
  | { readonly kind: "M0" }
  | { readonly kind: "Mt" }
  | { readonly kind: "Mh"; readonly h: Heterogeneity }
  | { readonly kind: "Mth"; readonly h: Heterogeneity }
  | { readonly kind: "Mb" }
  | { readonly kind: "Mbh" }
  /** Main effects for every list plus these interactions (bit masks of two or more lists). */
  | { readonly kind: "terms"; readonly terms: readonly number[] };

/** A model's design over patterns 1..2^J−1 (row i is pattern i + 1); column 0 is the intercept. */
export interface Design {
  readonly rows: number[][];
  readonly columns: string[];
  /** Columns from this index on are Chao heterogeneity terms, which Rcapture keeps non-negative. */
  readonly chaoFrom?: number;
}

const H_LABEL: Record<Heterogeneity, string> = {
  chao: "Chao (LB)",
  poisson2: "Poisson2",
  darroch: "Darroch",
  "gamma3.5": "Gamma3.5",
};

/** Rcapture's display name for a model ("Mth Chao (LB)", "[12,34]"). */
export function modelName(model: LoglinearModel, lists: readonly string[]): string {
  switch (model.kind) {
    case "M0":
    case "Mt":
    case "Mb":
    case "Mbh":
      return model.kind;
    case "Mh":
    case "Mth":
      return `${model.kind} ${H_LABEL[model.h]}`;
    case "terms":
      return termsName(model.terms, lists.length);
  }
}

function termsName(terms: readonly number[], j: number): string {
  const maximal = maximalTerms(terms);
  const covered = maximal.reduce((m, t) => m | t, 0);
  const singles = Array.from({ length: j }, (_, i) => 1 << i).filter((b) => (covered & b) === 0);
  const all = [...maximal, ...singles].sort((a, b) => lowestList(a) - lowestList(b) || a - b);
  const sep = j > 9 ? "." : "";
  return `[${all
    .map((t) =>
      bitsOf(t)
        .map((b) => b + 1)
        .join(sep),
    )
    .join(",")}]`;
}

/** The same model written with list names, e.g. "EXH*ABA*OSCE + EXH*HRW". */
export function modelFormula(model: LoglinearModel, lists: readonly string[]): string {
  if (model.kind !== "terms") return modelName(model, lists);
  const maximal = maximalTerms(model.terms);
  const covered = maximal.reduce((m, t) => m | t, 0);
  const singles = lists.map((_, i) => 1 << i).filter((b) => (covered & b) === 0);
  return [...maximal, ...singles]
    .map((t) =>
      bitsOf(t)
        .map((b) => lists[b])
        .join("*"),
    )
    .join(" + ");
}

/** Interactions not contained in a larger included interaction. */
export function maximalTerms(terms: readonly number[]): number[] {
  return [...new Set(terms)].filter((t) => !terms.some((u) => u !== t && (u & t) === t));
}

/** Adds every sub-interaction of each term, so the model is hierarchical. */
export function hierarchicalClosure(terms: readonly number[]): number[] {
  const out = new Set<number>();
  for (const t of terms) {
    // Enumerate the subsets of t with at least two bits.
    for (let s = t; s > 0; s = (s - 1) & t) if (listsInPattern(s) >= 2) out.add(s);
  }
  return [...out].sort((a, b) => listsInPattern(a) - listsInPattern(b) || a - b);
}

/**
 * Builds the design matrix for a model over J lists.
 * @throws SabtError validation_failed when the model needs more lists than there are.
 */
export function buildDesign(model: LoglinearModel, j: number): Design {
  const cells = (1 << j) - 1;
  const rows: number[][] = [];
  const columns = ["(Intercept)"];
  const x = (p: number, b: number) => ((p >> b) & 1) as number;
  const needs3 = model.kind === "Mh" || model.kind === "Mth";
  if (needs3 && j < 3) {
    throw new SabtError("validation_failed", "model: heterogeneity models need at least 3 lists");
  }
  let chaoFrom: number | undefined;
  const hCols = (k: number, h: Heterogeneity): number[] => {
    switch (h) {
      case "chao":
        return Array.from({ length: j - 2 }, (_, i) => Math.max(k - (i + 3) + 1, 0));
      case "poisson2":
        return [2 ** k - 1];
      case "darroch":
        return [(k * k) / 2];
      case "gamma3.5":
        return [-Math.log(3.5 + k) + Math.log(3.5)];
    }
  };
  const terms = model.kind === "terms" ? hierarchicalClosure(model.terms) : [];
  for (const t of terms) {
    if (t >= 1 << j) {
      throw new SabtError("validation_failed", `model: term names a list beyond the ${j} lists`);
    }
  }
  for (let p = 1; p <= cells; p++) {
    const k = listsInPattern(p);
    const mains = Array.from({ length: j }, (_, b) => x(p, b));
    const first = lowestList(p); // occasions before the first capture
    let row: number[];
    switch (model.kind) {
      case "M0":
        row = [k];
        break;
      case "Mt":
        row = mains;
        break;
      case "Mh":
        row = [k, ...hCols(k, model.h)];
        break;
      case "Mth":
        row = [...mains, ...hCols(k, model.h)];
        break;
      case "Mb":
        row = [first, k - 1];
        break;
      case "Mbh":
        row = [1 - x(p, 0), first, k - 1];
        break;
      case "terms":
        row = [...mains, ...terms.map((t) => ((p & t) === t ? 1 : 0))];
        break;
    }
    rows.push([1, ...row]);
  }
  switch (model.kind) {
    case "M0":
      columns.push("beta");
      break;
    case "Mt":
    case "terms":
      for (let b = 0; b < j; b++) columns.push(`beta${b + 1}`);
      for (const t of terms) {
        columns.push(
          `lambda${bitsOf(t)
            .map((b) => b + 1)
            .join("_")}`,
        );
      }
      break;
    case "Mh":
    case "Mth":
      if (model.kind === "Mh") columns.push("beta");
      else for (let b = 0; b < j; b++) columns.push(`beta${b + 1}`);
      if (model.h === "chao") {
        chaoFrom = columns.length;
        for (let i = 3; i <= j; i++) columns.push(`eta${i}`);
      } else columns.push("tau");
      break;
    case "Mb":
      columns.push("beta1", "beta2");
      break;
    case "Mbh":
      columns.push("eta", "beta1", "beta2");
      break;
  }
  return chaoFrom === undefined ? { rows, columns } : { rows, columns, chaoFrom };
}

/** Indices (0-based) of the lists in a pattern, ascending. */
export function bitsOf(pattern: number): number[] {
  const out: number[] = [];
  for (let b = 0; pattern >> b !== 0; b++) if ((pattern >> b) & 1) out.push(b);
  return out;
}

function lowestList(pattern: number): number {
  return 31 - Math.clz32(pattern & -pattern);
}

/**
 * Parses a model name from the command line: indep (= Mt), M0, Mt, Mh[-chao|-poisson|-darroch|-gamma],
 * Mth[-…], Mb, Mbh, pairwise, Rcapture's "[12,34]", or list names like "A*B + C*D".
 * @throws SabtError validation_failed naming the unknown model or list.
 */
export function parseModel(spec: string, lists: readonly string[]): LoglinearModel {
  const s = spec.trim();
  const lower = s.toLowerCase();
  const het = (rest: string): Heterogeneity | undefined =>
    (
      ({
        "": "chao",
        "-chao": "chao",
        "-poisson": "poisson2",
        "-poisson2": "poisson2",
        "-darroch": "darroch",
        "-gamma": "gamma3.5",
        "-gamma3.5": "gamma3.5",
      }) as Record<string, Heterogeneity>
    )[rest];
  if (lower === "indep" || lower === "independence" || lower === "mt") return { kind: "Mt" };
  if (lower === "m0") return { kind: "M0" };
  if (lower === "mb") return { kind: "Mb" };
  if (lower === "mbh") return { kind: "Mbh" };
  if (lower.startsWith("mth")) {
    const h = het(lower.slice(3));
    if (h) return { kind: "Mth", h };
  } else if (lower.startsWith("mh")) {
    const h = het(lower.slice(2));
    if (h) return { kind: "Mh", h };
  }
  if (lower === "pairwise") {
    const terms: number[] = [];
    for (let a = 0; a < lists.length; a++) {
      for (let b = a + 1; b < lists.length; b++) terms.push((1 << a) | (1 << b));
    }
    return { kind: "terms", terms };
  }
  const bracket = /^\[([0-9,\s]*)\]$/.exec(s);
  if (bracket) {
    const groups = (bracket[1] ?? "")
      .split(",")
      .map((g) => g.trim())
      .filter((g) => g !== "");
    const terms = groups.map((g) =>
      [...g].reduce((m, ch) => {
        const b = Number(ch) - 1;
        if (b < 0 || b >= lists.length) {
          throw new SabtError(
            "validation_failed",
            `model: "${spec}" names list ${ch}, but there are ${lists.length} lists`,
          );
        }
        return m | (1 << b);
      }, 0),
    );
    return { kind: "terms", terms: terms.filter((t) => listsInPattern(t) >= 2) };
  }
  if (/[*:]/.test(s)) {
    const index = new Map(lists.map((n, i) => [n, i] as const));
    const terms = s.split("+").map((g) =>
      g
        .split(/[*:]/)
        .map((n) => n.trim())
        .reduce((m, name) => {
          const b = index.get(name);
          if (b === undefined) {
            throw new SabtError(
              "validation_failed",
              `model: unknown list "${name}" (lists: ${lists.join(", ")})`,
            );
          }
          return m | (1 << b);
        }, 0),
    );
    return { kind: "terms", terms: terms.filter((t) => listsInPattern(t) >= 2) };
  }
  throw new SabtError(
    "validation_failed",
    `model: unknown model "${spec}"; use indep, M0, Mt, Mh[-chao|-poisson|-darroch|-gamma], Mth[-…], Mb, Mbh, pairwise, best-aic, best-bic, "[12,34]" or "A*B + C"`,
  );
}
