import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  combineStrata,
  estimateLoglinear,
  MseOptionsSchema,
  parseCaptureCsv,
  posteriorSvg,
  type CaptureTable,
  type LcmcrResult,
  type LoglinearResult,
  type MseOptions,
} from "../../estimation/index.ts";
import { defaultChains, estimateLcmcrInThreads } from "../../lists/index.ts";
import { SabtError } from "../../shared/errors.ts";
import { parseInput } from "../../shared/validate.ts";
import { print, printError, printJson, progress } from "../output.ts";

type Result = LcmcrResult | LoglinearResult;

/** Registers `sabt mse FILE.csv`: estimates how many people no list recorded. */
export function register(program: Command): void {
  program
    .command("mse")
    .description("Multiple systems estimation: estimate the total, recorded or not, from overlapping lists")
    .argument("<file>", "CSV with one 0/1 column per list and a count column (no all-zero row)")
    .option("--method <method>", "lcmcr | loglinear", "lcmcr")
    .option(
      "--model <model>",
      'log-linear model: indep, M0, Mt, Mh[-chao|-poisson|-darroch|-gamma], Mth[-…], Mb, Mbh, pairwise, best-aic, best-bic, "[12,34]", "A*B + C"',
    )
    .option("--seed <n>", "random seed (LCMCR)")
    .option("--iterations <n>", "retained posterior draws per chain (LCMCR; default 5000)")
    .option("--burnin <n>", "sweeps discarded per chain (LCMCR; default 10000)")
    .option("--thinning <n>", "sweeps per retained draw (LCMCR; default 100)")
    .option("--chains <n>", "independent chains, run in parallel worker threads and compared by R-hat (LCMCR; default: one per core, at least 2)")
    .option("--k <n>", "latent classes (LCMCR; default 10)")
    .option("--level <p>", "interval coverage (default 0.95)")
    .option("--stratum <column>", "column naming each row's stratum: estimate per stratum and sum")
    .option("--svg <file>", "write a plot of the posterior (or profile likelihood) to this SVG file")
    .option("--json", "print the result as one JSON document")
    .option("--quiet", "no progress on stderr")
    .action(async (file: string, raw: Record<string, unknown>) => {
      const parsedOpts = parseInput(MseOptionsSchema, raw, "--");
      const opts = { ...parsedOpts, chains: parsedOpts.chains ?? defaultChains() };
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new SabtError(
          "not_found",
          `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const parsed = parseCaptureCsv(text, opts.stratum === undefined ? {} : { stratumColumn: opts.stratum });
      if (parsed.strata === undefined) {
        const result = await estimate(parsed.table, opts, 0, file);
        report(result, opts);
        if (opts.svg !== undefined) writeSvg(opts.svg, result, file, opts.level);
        return;
      }
      const strata = new Map<string, Result>();
      for (const [i, [name, table]] of [...parsed.strata].entries()) {
        strata.set(name, await estimate(table, opts, i * opts.chains, `${file} [${name}]`));
      }
      const total = combineStrata(strata, opts.level);
      const head = {
        method: total.method,
        observed: total.observed,
        estimate: total.estimate,
        seconds: total.seconds,
      };
      if (opts.json) {
        printJson({
          ...head,
          combination: total.combination,
          strata: Object.fromEntries([...strata].map(([k, r]) => [k, present(r)])),
        });
      } else {
        for (const [name, r] of strata) print(`${name}: ${line(r, opts.level)}`);
        print(`total (${total.combination}): ${line(head, opts.level)}`);
        for (const [name, r] of strata) {
          for (const w of r.diagnostics.warnings) printError(`warning [${name}]: ${w}`);
        }
      }
      if (opts.svg !== undefined) {
        const title = `Total over strata: ${file}`;
        writeFileSync(
          opts.svg,
          posteriorSvg({
            estimate: total.estimate,
            observed: total.observed,
            title,
            level: opts.level,
            ...(total.draws ? { draws: total.draws } : {}),
          }),
        );
      }
    });
}


// LCMCR's chains run in parallel worker threads, one per core at a time.
async function estimate(table: CaptureTable, opts: MseOptions & { chains: number }, firstStream: number, label: string): Promise<Result> {
  if (opts.method === "loglinear") return estimateLoglinear(table, { model: opts.model, level: opts.level });
  const perChain = opts.burnin + opts.iterations * opts.thinning;
  const bar = progress(`LCMCR ${label}`, perChain * opts.chains, opts.quiet === true);
  const result = await estimateLcmcrInThreads(table, {
    K: opts.k,
    burnin: opts.burnin,
    thinning: opts.thinning,
    samples: opts.iterations,
    seed: opts.seed,
    chains: opts.chains,
    firstStream,
    level: opts.level,
    onProgress: (done) => bar.update(done),
  });
  bar.done();
  return result;
}

// The JSON contract: method, observed, estimate, seconds first; diagnostics after.
function present(r: Result) {
  return {
    method: r.method,
    observed: r.observed,
    estimate: r.estimate,
    seconds: r.seconds,
    diagnostics: r.diagnostics,
  };
}

function report(r: Result, opts: MseOptions): void {
  if (opts.json) {
    printJson(present(r));
    return;
  }
  print(line(r, opts.level));
  const d = r.diagnostics;
  if ("rhat" in d) {
    const medians = d.perChain.map((c) => Math.round(c.median).toLocaleString("en-US")).join(" / ");
    print(
      `  ${d.chains} chain(s) × ${d.samplesPerChain} draws, in parallel threads; R-hat ${d.rhat.toFixed(3)} (split, across chains), effective draws ${Math.round(d.ess)}; chain medians ${medians}`,
    );
  } else {
    print(
      `  model ${d.model} (${d.formula}); deviance ${d.deviance.toFixed(2)} on ${d.df} df, AIC ${d.aic.toFixed(2)}, BIC ${d.bic.toFixed(2)}`,
    );
  }
  for (const w of d.warnings) printError(`warning: ${w}`);
}

function line(
  r: {
    method: string;
    observed: number;
    estimate: { median: number; lower: number; upper: number };
    seconds: number;
  },
  level: number,
): string {
  const f = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "unbounded");
  return `${r.method}: estimated total ${f(r.estimate.median)} (${Math.round(level * 100)}% interval ${f(r.estimate.lower)}–${f(r.estimate.upper)}); observed ${f(r.observed)}; ${r.seconds.toFixed(1)} s`;
}

function writeSvg(path: string, r: Result, title: string, level: number): void {
  const base = { estimate: r.estimate, observed: r.observed, title, level };
  const svg =
    "draws" in r
      ? posteriorSvg({ ...base, draws: r.draws.flatMap((d) => [...d]) })
      : posteriorSvg({ ...base, curve: r.profile.curve });
  writeFileSync(path, svg);
}
