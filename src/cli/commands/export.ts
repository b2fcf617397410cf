import type { Command } from "commander";
import { exportAllJson, exportFtm } from "../../exports/index.ts";
import { withDatabase } from "../context.ts";
import { printError } from "../output.ts";
import { openLineSink } from "../sink.ts";

/** Registers `sabt export json|ftm [--out FILE]`. */
export function register(program: Command): void {
  const exp = program.command("export").description("Export data as JSON lines");
  exp
    .command("json")
    .description("Everything, every table and row (admins, backups): includes team and confidential data")
    .option("--out <file>", "write to a file instead of stdout")
    .action(async (opts: { out?: string }) => {
      await withDatabase(async ({ handle, viewer }) => {
        const sink = openLineSink(opts.out);
        try {
          // Progress goes to stderr, so it never mixes with JSON lines written to stdout.
          const counts = await exportAllJson(handle.db, viewer, (l) => sink.write(l), (table, n) => printError(`  ${table}: ${n} rows`));
          await sink.close();
          if (opts.out) printError(`exported ${Object.values(counts).reduce((a, b) => a + b, 0)} rows to ${opts.out}`);
        } catch (e) {
          sink.abort();
          throw e;
        }
      });
    });
  exp
    .command("ftm")
    .description("Public data as FollowTheMoney-style entity JSON lines")
    .option("--out <file>", "write to a file instead of stdout")
    .option("--dataset <name>", "dataset name in each entity", "sabt")
    .action(async (opts: { out?: string; dataset: string }) => {
      await withDatabase(async ({ handle }) => {
        const sink = openLineSink(opts.out);
        try {
          const n = await exportFtm(handle.db, (l) => sink.write(l), opts.dataset);
          await sink.close();
          if (opts.out) printError(`exported ${n} public entities to ${opts.out}`);
        } catch (e) {
          sink.abort();
          throw e;
        }
      });
    });
}
