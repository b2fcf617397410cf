import { describe, expect, it } from "vitest";
import { swapLogRatio } from "./lcmcr-sampler.ts";
import { createRng } from "./rng.ts";
import { logGammaFn } from "./special.ts";

/** log p(class sizes | α) with the stick weights integrated out, term by term (no telescoping). */
function logStickPrior(c: readonly number[], alpha: number): number {
  const logBeta = (x: number, y: number) => logGammaFn(x) + logGammaFn(y) - logGammaFn(x + y);
  let lp = 0;
  for (let k = 0; k < c.length - 1; k++) {
    const tail = c.slice(k + 1).reduce((s, x) => s + x, 0);
    lp += logBeta(1 + c[k]!, alpha + tail) - logBeta(1, alpha);
  }
  return lp;
}

describe("label-swap moves", () => {
  it("accept with the ratio of the stick-breaking prior, whichever two classes swap", () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 300; trial++) {
      const K = 2 + Math.floor(rng.uniform() * 10);
      const c = Array.from({ length: K }, () => (rng.uniform() < 0.3 ? 0 : Math.floor(rng.uniform() ** 3 * 5000)));
      const alpha = 0.01 + rng.uniform() * 3;
      const a = Math.floor(rng.uniform() * (K - 1));
      const b = a + 1 + Math.floor(rng.uniform() * (K - 1 - a));
      const swapped = [...c];
      swapped[a] = c[b]!;
      swapped[b] = c[a]!;
      const direct = logStickPrior(swapped, alpha) - logStickPrior(c, alpha);
      expect(swapLogRatio(Float64Array.from(c), alpha, a, b)).toBeCloseTo(direct, 6);
    }
  });
});
