import { describe, expect, it } from "vitest";
import { combineStrata } from "./stratified.ts";
import type { MseResult } from "./types.ts";

describe("combineStrata", () => {
  const result = (
    observed: number,
    median: number,
    half: number,
    draws?: number[],
  ): MseResult & { draws?: Float64Array[] } => ({
    method: "lcmcr",
    observed,
    estimate: { mean: median, median, lower: median - half, upper: median + half },
    diagnostics: {},
    seconds: 1,
    ...(draws ? { draws: [Float64Array.from(draws)] } : {}),
  });

  it("adds posterior draws index by index", () => {
    const total = combineStrata(
      new Map([
        ["Evin", result(10, 20, 5, [18, 20, 22])],
        ["Gohardasht", result(5, 9, 2, [8, 9, 10])],
      ]),
    );
    expect(total.combination).toBe("posterior-sum");
    expect(total.observed).toBe(15);
    expect(total.estimate.median).toBe(29);
    expect(total.estimate.lower).toBeCloseTo(26.15, 6); // type-7 quantile of 26, 29, 32
  });

  it("adds interval half-widths in quadrature without draws", () => {
    const total = combineStrata(
      new Map([
        ["a", result(100, 300, 30)],
        ["b", result(100, 400, 40)],
      ]),
    );
    expect(total.combination).toBe("normal-approximation");
    expect(total.estimate.median).toBe(700);
    expect(total.estimate.upper - total.estimate.median).toBeCloseTo(50, 1);
  });
});
