import { describe, expect, it } from "vitest";
import { binomial, multinomial, negativeBinomial, negativeBinomialAtMost, poisson } from "./discrete.ts";
import { createRng } from "./rng.ts";

const moments = (f: () => number, n = 20000) => {
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const x = f();
    s += x;
    ss += x * x;
  }
  const mean = s / n;
  return { mean, variance: ss / n - mean * mean };
};

describe("createRng", () => {
  it("repeats a stream for a seed and separates streams", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(42, 1);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
  });

  it("draws standard normals with the right moments and tails (the ziggurat's edge layers and base)", () => {
    const rng = createRng(12);
    const n = 400_000;
    let s = 0;
    let ss = 0;
    let beyond2 = 0;
    let beyond35 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      ss += x * x;
      if (Math.abs(x) > 2) beyond2++;
      if (Math.abs(x) > 3.5) beyond35++;
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.01);
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.0015); // 2 Φ(−2)
    expect(Math.abs(beyond35 / n - 4.65e-4)).toBeLessThan(1.5e-4); // 2 Φ(−3.5): the tail beyond R = 3.44
  });

  it.each([0.3, 1, 2.5, 40])("draws Gamma(%s) with the right mean and variance", (shape) => {
    const rng = createRng(1);
    const { mean, variance } = moments(() => rng.gamma(shape));
    expect(mean).toBeCloseTo(shape, 0);
    expect(Math.abs(variance - shape) / shape).toBeLessThan(0.08);
  });

  it("draws Beta(a, b) with mean a/(a+b), including the unit-shape shortcuts", () => {
    const rng = createRng(2);
    for (const [a, b] of [
      [2, 5],
      [1, 9],
      [7, 1],
      [1, 1],
    ] as const) {
      expect(moments(() => rng.beta(a, b)).mean).toBeCloseTo(a / (a + b), 2);
    }
  });

  it("keeps log-gamma finite for tiny shapes", () => {
    const rng = createRng(3);
    for (let i = 0; i < 1000; i++) expect(Number.isFinite(rng.logGamma(1e-4))).toBe(true);
  });
});

describe("discrete samplers", () => {
  it.each([
    [20, 0.1],
    [1000, 0.003],
    [1000, 0.4],
    [50, 0.9],
  ])("Binomial(%s, %s) has mean np and variance np(1-p)", (n, p) => {
    const rng = createRng(4);
    const { mean, variance } = moments(() => binomial(rng, n, p));
    expect(Math.abs(mean - n * p)).toBeLessThan(0.05 * n * p + 0.05);
    expect(Math.abs(variance - n * p * (1 - p)) / (n * p * (1 - p))).toBeLessThan(0.08);
  });

  it.each([3, 25, 5000])("Poisson(%s) has mean and variance equal to its parameter", (mu) => {
    const rng = createRng(5);
    const { mean, variance } = moments(() => poisson(rng, mu));
    expect(Math.abs(mean - mu) / mu).toBeLessThan(0.03);
    expect(Math.abs(variance - mu) / mu).toBeLessThan(0.08);
  });

  it("negative binomial counts failures before `size` successes", () => {
    const rng = createRng(6);
    const { mean } = moments(() => negativeBinomial(rng, 100, 0.25));
    expect(Math.abs(mean - 300) / 300).toBeLessThan(0.03); // size (1 − p) / p
  });

  it.each([
    { p: 0.25, note: "rejection" },
    { p: 1e-4, note: "inversion: the bound cuts off nearly all the mass" },
  ])("negative binomial below a bound follows the truncated law ($note)", ({ p }) => {
    const size = 10;
    const max = 40;
    // Exact mean of the truncated law from its pmf recurrence.
    let f = 1;
    let total = 1;
    let weighted = 0;
    for (let k = 1; k <= max; k++) {
      f *= ((size + k - 1) / k) * (1 - p);
      total += f;
      weighted += k * f;
    }
    const rng = createRng(9);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = negativeBinomialAtMost(rng, size, p, max);
      expect(x).toBeLessThanOrEqual(max);
      sum += x;
    }
    expect(Math.abs(sum / 20_000 - weighted / total)).toBeLessThan(0.02 * (weighted / total));
  });

  it("multinomial draws add up and follow the weights", () => {
    const rng = createRng(7);
    const w = new Float64Array([5, 1e-12, 3, 2]);
    const out = new Int32Array(4);
    const tot = [0, 0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      multinomial(rng, i % 2 === 0 ? 7 : 700, w, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(i % 2 === 0 ? 7 : 700);
      out.forEach((x, k) => (tot[k]! += x));
    }
    const all = tot.reduce((a, b) => a + b, 0);
    expect(tot[0]! / all).toBeCloseTo(0.5, 2);
    expect(tot[1]).toBe(0);
    expect(tot[3]! / all).toBeCloseTo(0.2, 2);
  });

  it("multinomial is exact whatever visiting order the caller passes", () => {
    const rng = createRng(8);
    const w = new Float64Array([0.05, 0.6, 0.1, 0.25]);
    const worstFirst = Int32Array.from([0, 2, 3, 1]);
    const out = new Int32Array(4);
    const tot = [0, 0, 0, 0];
    for (let i = 0; i < 3000; i++) {
      multinomial(rng, 200, w, out, worstFirst);
      out.forEach((x, k) => (tot[k]! += x));
    }
    tot.forEach((t, k) => expect(t / (3000 * 200)).toBeCloseTo(w[k]!, 2));
  });
});
