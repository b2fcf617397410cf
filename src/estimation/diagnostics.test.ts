import { describe, expect, it } from "vitest";
import { effectiveSampleSize, quantileSorted, splitRhat, summarizeDraws } from "./diagnostics.ts";
import { createRng } from "./rng.ts";

const iid = (seed: number, n: number, shift = 0) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.normal() + shift);
};

describe("posterior summaries", () => {
  it("interpolates quantiles like R's type 7", () => {
    // R: quantile(1:10, c(0.025, 0.5, 0.975)) = 1.225 5.5 9.775
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantileSorted(x, 0.025)).toBeCloseTo(1.225, 10);
    expect(quantileSorted(x, 0.5)).toBe(5.5);
    expect(quantileSorted(x, 0.975)).toBeCloseTo(9.775, 10);
    expect(summarizeDraws([3, 1, 2]).median).toBe(2);
  });
});

describe("convergence diagnostics", () => {
  it("gives R-hat near 1 and ESS near the draw count for independent chains", () => {
    const chains = [iid(1, 2000), iid(2, 2000)];
    expect(splitRhat(chains)).toBeLessThan(1.01);
    expect(effectiveSampleSize(chains)).toBeGreaterThan(3000);
  });

  it("flags chains stuck in different places", () => {
    expect(splitRhat([iid(1, 1000), iid(2, 1000, 3)])).toBeGreaterThan(1.5);
  });

  it("sees autocorrelation as fewer effective draws", () => {
    const rng = createRng(3);
    const ar = new Float64Array(4000);
    for (let i = 1; i < ar.length; i++) ar[i] = 0.95 * ar[i - 1]! + rng.normal();
    const ess = effectiveSampleSize([ar]);
    expect(ess).toBeLessThan(300); // theory: n (1 − ρ)/(1 + ρ) ≈ 103
    expect(ess).toBeGreaterThan(40);
  });
});
