import { availableParallelism } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSabt } from "../../../test/cli.ts";

// A public reference table (counts per capture pattern, no people) and short chains.
const CSV = path.resolve(import.meta.dirname, "../../../../shared/mse/data/spina_bifida_conting.csv");
const SHORT = ["--iterations", "300", "--burnin", "300", "--thinning", "2", "--seed", "5"];

interface MseJson {
  method: string;
  estimate: { median: number; lower: number; upper: number };
  diagnostics: { chains: number; rhat: number; ess: number; perChain: { median: number }[] };
}

describe("sabt mse --chains", () => {
  it("runs the asked number of chains in parallel and reports their R-hat, in --json and in text", async () => {
    const json = await runSabt(["mse", CSV, ...SHORT, "--chains", "3", "--json", "--quiet"], {});
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as MseJson;
    expect(r.method).toBe("lcmcr");
    expect(r.diagnostics.chains).toBe(3);
    expect(r.diagnostics.perChain).toHaveLength(3);
    expect(r.diagnostics.rhat).toBeGreaterThan(0.9);
    expect(r.diagnostics.rhat).toBeLessThan(1.2);
    expect(r.estimate.median).toBeGreaterThan(650);
    expect(r.estimate.median).toBeLessThan(850);

    const text = await runSabt(["mse", CSV, ...SHORT, "--chains", "3", "--quiet"], {});
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/3 chain\(s\) × 300 draws, in parallel threads; R-hat \d\.\d{3}/);
    // The same seed gives the same chains, wherever they ran.
    expect(text.stdout).toContain(`estimated total ${Math.round(r.estimate.median).toLocaleString("en-US")} `);
  }, 120_000);

  it("runs one chain per core by default, at least two", async () => {
    const r = await runSabt(["mse", CSV, ...SHORT, "--json", "--quiet"], {});
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as MseJson).diagnostics.chains).toBe(Math.max(2, Math.min(16, availableParallelism())));
  }, 120_000);

  it("refuses a number of chains it cannot run, without a stack trace", async () => {
    const r = await runSabt(["mse", CSV, "--chains", "0"], {});
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/chains/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
