import { describe, expect, it } from "vitest";
import { compressPatterns, runEm } from "./em.ts";
import { createRng } from "./random.ts";

/** Draws a level from a discrete distribution. */
function draw(p: readonly number[], r: number): number {
  let acc = 0;
  for (let l = 0; l < p.length; l++) {
    acc += p[l]!;
    if (r < acc) return l;
  }
  return p.length - 1;
}

describe("runEm", () => {
  it("recovers known m, u and prior from simulated comparison levels", () => {
    const rng = createRng(42);
    const trueM = [[0.05, 0.15, 0.8], [0.1, 0.9], [0.02, 0.08, 0.2, 0.7]];
    const trueU = [[0.85, 0.1, 0.05], [0.7, 0.3], [0.6, 0.25, 0.1, 0.05]];
    const n = 6_000;
    const prior = 0.2;
    const gammas = trueM.map(() => new Int8Array(n));
    for (let p = 0; p < n; p++) {
      const match = rng() < prior;
      trueM.forEach((m, c) => (gammas[c]![p] = draw(match ? m : trueU[c]!, rng())));
    }
    const start = trueM.map((m) => ({ m: m.map(() => 1 / m.length), u: m.map(() => 1 / m.length) }));
    start.forEach((s) => {
      s.m[s.m.length - 1] = 0.6; // agreement is likelier among matches: enough to break symmetry
      s.u[0] = 0.6;
    });
    const all = Int32Array.from({ length: n }, (_, k) => k);
    const fit = runEm(gammas, all, start, [true, true, true], { iterations: 300, prior: 0.5, updateU: true });
    expect(fit.prior).toBeCloseTo(prior, 1);
    fit.m.forEach((m, c) => m.forEach((x, l) => expect(Math.abs(x - trueM[c]![l]!)).toBeLessThan(0.05)));
    fit.u.forEach((u, c) => u.forEach((x, l) => expect(Math.abs(x - trueU[c]![l]!)).toBeLessThan(0.03)));
  });

  it("holds labelled pairs at their decision", () => {
    const gammas = [Int8Array.from([1, 1, 0, 0])];
    const params = [{ m: [0.5, 0.5], u: [0.5, 0.5] }];
    const labels = Int8Array.from([1, 1, 0, 0]);
    const fit = runEm(gammas, Int32Array.from([0, 1, 2, 3]), params, [true], { iterations: 50, prior: 0.5, labels });
    expect(fit.m[0]![1]).toBeGreaterThan(0.99);
    expect(fit.prior).toBeCloseTo(0.5, 5);
  });
});

describe("compressPatterns", () => {
  it("gives EM the same fit as the pairs it stands for", () => {
    const rng = createRng(7);
    const n = 3_000;
    const gammas = [new Int8Array(n), new Int8Array(n)];
    for (let p = 0; p < n; p++) {
      const match = rng() < 0.3;
      gammas[0]![p] = match ? (rng() < 0.9 ? 2 : 1) : rng() < 0.8 ? 0 : 1;
      gammas[1]![p] = match ? (rng() < 0.85 ? 1 : 0) : rng() < 0.7 ? 0 : -1;
    }
    const labels = new Int8Array(n).fill(-1);
    labels[0] = 1;
    labels[1] = 0;
    const params = () => [{ m: [0.2, 0.3, 0.5], u: [0.8, 0.15, 0.05] }, { m: [0.3, 0.7], u: [0.7, 0.3] }];
    const all = Int32Array.from({ length: n }, (_, k) => k);
    const opts = { iterations: 50, prior: 0.5, labels };
    const direct = runEm(gammas, all, params(), [true, true], opts);
    const pat = compressPatterns(gammas, all, labels);
    expect(pat.counts.length).toBeLessThan(20);
    expect(pat.counts.reduce((a, b) => a + b, 0)).toBe(n);
    const packed = runEm(pat.gammas, Int32Array.from(pat.counts.keys()), params(), [true, true], {
      ...opts,
      labels: pat.labels,
      weights: pat.counts,
    });
    expect(packed.prior).toBeCloseTo(direct.prior, 9);
    packed.m.forEach((m, c) => m.forEach((x, l) => expect(x).toBeCloseTo(direct.m[c]![l]!, 9)));
  });
});
