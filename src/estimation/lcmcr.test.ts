import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCaptureCsv } from "./capture-csv.ts";
import { buildCaptureTable, type CaptureTable } from "./capture-table.ts";
import { estimateLcmcr, lcmcrChainOf, summarizeLcmcr } from "./lcmcr.ts";
import { createRng } from "./rng.ts";

/** A population of known size from two latent classes with different capture probabilities. */
function simulate(size: number, seed: number): CaptureTable {
  const rng = createRng(seed);
  const classes = [
    { share: 0.6, p: [0.35, 0.3, 0.4, 0.25] },
    { share: 0.4, p: [0.1, 0.2, 0.08, 0.15] },
  ];
  const counts = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    const c = rng.uniform() < (classes[0]?.share ?? 0) ? classes[0]! : classes[1]!;
    let pattern = 0;
    c.p.forEach((p, j) => {
      if (rng.uniform() < p) pattern |= 1 << j;
    });
    if (pattern !== 0) counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  const rows = [...counts].map(([pattern, count]) => ({
    flags: [0, 1, 2, 3].map((j) => (pattern >> j) & 1),
    count,
  }));
  return buildCaptureTable(["A", "B", "C", "D"], rows);
}

// Short chains: enough for a 4-list table to settle, fast enough for every test run.
const SHORT = { burnin: 1000, thinning: 5, samples: 600 };

describe("estimateLcmcr", () => {
  const truth = 3000;
  const table = simulate(truth, 7);

  it("covers the known size of a simulated population with its 95% interval", () => {
    const r = estimateLcmcr(table, { ...SHORT, seed: 3, chains: 2 });
    expect(r.observed).toBe(table.observed);
    expect(r.observed).toBeLessThan(truth);
    expect(r.estimate.lower).toBeLessThan(truth);
    expect(r.estimate.upper).toBeGreaterThan(truth);
    expect(r.estimate.lower).toBeGreaterThanOrEqual(r.observed);
    expect(r.diagnostics.chains).toBe(2);
    expect(r.draws).toHaveLength(2);
  });

  it("gives identical draws for the same seed and different draws for another", () => {
    const opts = { burnin: 200, thinning: 2, samples: 100 };
    const a = estimateLcmcr(table, { ...opts, seed: 11 });
    const b = estimateLcmcr(table, { ...opts, seed: 11 });
    const c = estimateLcmcr(table, { ...opts, seed: 12 });
    expect([...a.draws[0]!]).toEqual([...b.draws[0]!]);
    expect([...a.draws[0]!]).not.toEqual([...c.draws[0]!]);
  });

  it("reports progress over all chains", () => {
    const seen: number[] = [];
    estimateLcmcr(table, {
      burnin: 1000,
      thinning: 1,
      samples: 1000,
      chains: 2,
      onProgress: (done, total) => seen.push(done / total),
    });
    expect(seen.at(-1)).toBe(1);
  });

  it("warns when chains disagree or the overlap between lists is thin", () => {
    const sparse = buildCaptureTable(
      ["A", "B", "C"],
      [
        { flags: [1, 0, 0], count: 40 },
        { flags: [0, 1, 0], count: 35 },
        { flags: [0, 0, 1], count: 50 },
        { flags: [1, 1, 0], count: 2 },
      ],
    );
    const r = estimateLcmcr(sparse, { burnin: 100, thinning: 1, samples: 200, chains: 2 });
    expect(r.diagnostics.warnings.join("\n")).toMatch(/sparse data: only 2 of 127 people/);
    expect(r.diagnostics.sparsity.onSeveralLists).toBe(2);
  });

  it("never imputes more than 20 unobserved people per observed one, as R's LCMCR", () => {
    // Almost no overlap between lists: without LCMCR's bound N would run off towards infinity.
    const sparse = buildCaptureTable(
      ["A", "B", "C"],
      [
        { flags: [1, 0, 0], count: 40 },
        { flags: [0, 1, 0], count: 35 },
        { flags: [0, 0, 1], count: 50 },
        { flags: [1, 1, 0], count: 1 },
      ],
    );
    const r = estimateLcmcr(sparse, { burnin: 500, thinning: 2, samples: 500, seed: 5 });
    const largest = Math.max(...r.draws[0]!);
    expect(largest).toBeLessThanOrEqual(21 * sparse.observed);
    expect(largest).toBeGreaterThan(5 * sparse.observed); // the bound is what holds it
  });

  it("agrees with R's LCMCR posterior median on the spina bifida lists", () => {
    // R (K = 10, three seeds): median 727-728, 95 % interval about 680-820.
    const csv = readFileSync("../shared/mse/data/spina_bifida_conting.csv", "utf8");
    // 2,500 draws: with fewer, one excursion into the long right tail moves the 97.5 % end.
    const r = estimateLcmcr(parseCaptureCsv(csv).table, {
      burnin: 2000,
      thinning: 10,
      samples: 2500,
      seed: 1,
    });
    expect(Math.abs(r.estimate.median - 727.5) / 727.5).toBeLessThan(0.03);
    expect(r.estimate.lower).toBeGreaterThan(650);
    expect(r.estimate.upper).toBeLessThan(900);
  });

  it("pools chains run apart into the same result, with R-hat across them", () => {
    const opts = { burnin: 300, thinning: 2, samples: 200, seed: 9, chains: 2 };
    const drain = (c: number) => {
      const steps = lcmcrChainOf(table, opts, c);
      for (;;) {
        const next = steps.next();
        if (next.done) return next.value;
      }
    };
    const apart = summarizeLcmcr(table, [drain(0), drain(1)], opts, 0);
    const together = estimateLcmcr(table, opts);
    expect(apart.estimate).toEqual(together.estimate);
    expect(apart.diagnostics.rhat).toBe(together.diagnostics.rhat);
  });

  it("reports chains stuck in different places through R-hat and a warning", () => {
    const stuck = (centre: number) => Float64Array.from({ length: 400 }, (_, i) => centre + (i % 20));
    const r = summarizeLcmcr(table, [stuck(3000), stuck(3400)], { samples: 400 }, 0);
    expect(r.diagnostics.rhat).toBeGreaterThan(1.5);
    expect(r.diagnostics.perChain.map((c) => Math.round(c.median))).toEqual([3010, 3410]);
    expect(r.diagnostics.warnings.join("\n")).toMatch(/chains disagree \(R-hat \d+\.\d\d; chain medians 3,010 \/ 3,410\)/);
  });
});
