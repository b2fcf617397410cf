import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseCaptureCsv } from "./capture-csv.ts";
import { closedp, fitLoglinear } from "./loglinear.ts";
import { estimateLoglinear } from "./loglinear-estimate.ts";
import { parseModel } from "./loglinear-models.ts";
import { selectLoglinear } from "./model-selection.ts";

// Tests read the shared benchmark data in place (vitest runs from the repository root).
const SHARED = "../shared/mse";
const table = (name: string) => parseCaptureCsv(readFileSync(`${SHARED}/data/${name}.csv`, "utf8")).table;
const reference = (file: string) =>
  parse(readFileSync(`${SHARED}/reference/${file}`, "utf8"), { columns: true }) as Record<string, string>[];
const closedpRef = reference("rcapture_closedp_kosovo_hiv_rome.csv");
const ciRef = reference("rcapture_ci_kosovo_hiv_rome.csv");
const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("log-linear models against Rcapture", () => {
  it.each(["kosovo", "hiv_rome"])(
    "matches closedp's independence (Mt) estimate and deviance on %s",
    (name) => {
      const ref = closedpRef.find((r) => r.dataset === name && r.model === "Mt")!;
      const fit = fitLoglinear(table(name), { kind: "Mt" });
      expect(relDiff(fit.abundance, Number(ref.abundance))).toBeLessThan(0.001);
      expect(fit.deviance.toPrecision(3)).toBe(Number(ref.deviance).toPrecision(3));
      expect(fit.df).toBe(Number(ref.df));
    },
  );

  it.each(["kosovo", "hiv_rome"])("matches all twelve closedp models on %s", (name) => {
    const fits = closedp(table(name));
    for (const ref of closedpRef.filter((r) => r.dataset === name)) {
      const fit = fits.find((f) => f.model === ref.model)!;
      expect(relDiff(fit.abundance, Number(ref.abundance)), ref.model).toBeLessThan(1e-4);
      expect(relDiff(fit.deviance, Number(ref.deviance)), ref.model).toBeLessThan(1e-4);
      expect(relDiff(fit.aic, Number(ref.AIC)), ref.model).toBeLessThan(1e-5);
      expect(relDiff(fit.bic, Number(ref.BIC)), ref.model).toBeLessThan(1e-5);
    }
  });

  it.each([
    ["kosovo", "Mt (independence)", "indep"],
    ["hiv_rome", "Mt (independence)", "indep"],
    ["kosovo", "Mth Darroch", "Mth-darroch"],
    ["hiv_rome", "Mth Chao (LB)", "Mth-chao"],
    ["kosovo", "BIC-best loglinear [123,14,34]", "[123,14,34]"],
  ])("matches closedpCI's profile-likelihood interval on %s, %s", (name, refModel, spec) => {
    const ref = ciRef.find((r) => r.dataset === name && r.model === refModel)!;
    const { estimate, diagnostics } = estimateLoglinear(table(name), { model: spec });
    expect(relDiff(estimate.lower, Number(ref.ci_low))).toBeLessThan(1e-4);
    expect(relDiff(estimate.upper, Number(ref.ci_high))).toBeLessThan(1e-4);
    expect(relDiff(diagnostics.profileEstimate, Number(ref.N_multinom))).toBeLessThan(1e-4);
  });

  it("chooses Rcapture's BIC-best hierarchical model on kosovo among its 113", () => {
    const s = selectLoglinear(table("kosovo"), { criterion: "bic" });
    expect(s.search).toBe("exhaustive");
    expect(s.ranked).toHaveLength(113);
    expect(s.best.model).toBe("[123,14,34]");
    expect(s.best.abundance).toBeCloseTo(10356.5, 0);
  });

  it("warns when the independence model fits badly", () => {
    const r = estimateLoglinear(table("kosovo"));
    expect(r.diagnostics.warnings.join(" ")).toMatch(/fits poorly/);
  });
});

describe("parseModel", () => {
  const lists = ["A", "B", "C", "D"];
  it.each([
    ["indep", { kind: "Mt" }],
    ["Mh-darroch", { kind: "Mh", h: "darroch" }],
    ["Mth", { kind: "Mth", h: "chao" }],
    ["[12,34]", { kind: "terms", terms: [3, 12] }],
    ["A*B + C:D", { kind: "terms", terms: [3, 12] }],
  ])("reads %s", (spec, model) => {
    expect(parseModel(spec, lists)).toEqual(model);
  });

  it("names the unknown list or model", () => {
    expect(() => parseModel("A*Z", lists)).toThrow(/unknown list "Z"/);
    expect(() => parseModel("[15]", lists)).toThrow(/names list 5/);
    expect(() => parseModel("Mq", lists)).toThrow(/unknown model "Mq"/);
  });
});
