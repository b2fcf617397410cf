import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { estimateLcmcr, parseCaptureCsv } from "../estimation/index.ts";
import { estimateLcmcrInThreads } from "./lcmcr-runner.ts";

// A public reference table (no people, only counts per capture pattern) and short chains.
const table = parseCaptureCsv(readFileSync("../shared/mse/data/spina_bifida_conting.csv", "utf8")).table;
const SHORT = { burnin: 500, thinning: 2, samples: 300, seed: 4 };

describe("LCMCR chains in worker threads", () => {
  it("gives exactly the draws, estimate and R-hat of the same chains run in this thread", async () => {
    const here = estimateLcmcr(table, { ...SHORT, chains: 3 });
    const seen: number[] = [];
    const there = await estimateLcmcrInThreads(table, { ...SHORT, chains: 3, onProgress: (done, total) => seen.push(done / total) }, { threads: 2 });
    expect(there.draws.map((d) => [...d])).toEqual(here.draws.map((d) => [...d]));
    expect(there.estimate).toEqual(here.estimate);
    expect(there.diagnostics.rhat).toBe(here.diagnostics.rhat);
    expect(there.diagnostics.chains).toBe(3);
    expect(there.chainSeconds).toHaveLength(3);
    expect(seen.at(-1)).toBe(1);
  }, 60_000);

  it("stops every chain when its signal aborts", async () => {
    const ctrl = new AbortController();
    const run = estimateLcmcrInThreads(table, { burnin: 10_000_000, samples: 100, thinning: 1, chains: 2 }, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(new Error("stopped by the test")), 200);
    await expect(run).rejects.toThrow("stopped by the test");
  }, 60_000);
});
