import fs from "node:fs";
import type { Command } from "commander";
import { runPersonImport } from "../../imports/index.ts";
import { validationError } from "../../shared/errors.ts";
import { withDatabase } from "../context.ts";
import { print, printError, printJson, progress } from "../output.ts";

/** Registers `sabt import persons FILE.csv --list NAME [--dry-run] [--json]`. */
export function register(program: Command): void {
  const imp = program.command("import").description("Import data into Sabt");
  imp
    .command("persons")
    .description("Import a victim list (CSV with the canonical headers; header@public|@team|@confidential sets visibility)")
    .argument("<file>", "CSV file")
    .requiredOption("--list <name>", "name of the list (its source); the same name updates the same list")
    .option("--dry-run", "validate and report without writing anything")
    .option("--json", "print the result as JSON")
    .option("--batch <n>", "rows per transaction", "1000")
    .action(async (file: string, opts: { list: string; dryRun?: boolean; json?: boolean; batch: string }) => {
      if (!fs.existsSync(file)) throw validationError(`file: ${file} does not exist`);
      const stat = fs.statSync(file);
      if (!stat.isFile()) throw validationError(`file: ${file} is not a file`);
      const text = fs.readFileSync(file, "utf8");
      const list = opts.list.trim();
      if (!list) throw validationError("--list: the list needs a name");
      const batchSize = Number.parseInt(opts.batch, 10);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20000) throw validationError("--batch: a number from 1 to 20000");
      await withDatabase(async ({ handle, viewer, signal }) => {
        const bar = progress(`importing ${list}`, 0, Boolean(opts.json));
        const report = await runPersonImport(handle.db, viewer, text, {
          listName: list,
          dryRun: Boolean(opts.dryRun),
          batchSize,
          signal,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.done();
        if (opts.json) {
          printJson({ rows: report.rows, imported: report.imported, unchanged: report.unchanged, errors: report.errors });
        } else if (report.errors.length > 0) {
          for (const e of report.errors) printError(`row ${e.row}, ${e.column || "(file)"}: ${e.message}`);
          printError(`${report.errors.length} problem(s) in ${file}: nothing was imported.`);
        } else {
          const what = opts.dryRun ? "would import" : "imported";
          print(`${report.rows} rows: ${what} ${report.imported}, unchanged ${report.unchanged}.`);
        }
        if (report.interrupted) {
          printError("The import was interrupted; run the same command again to complete it.");
          process.exitCode = 130;
        } else if (report.errors.length > 0) {
          process.exitCode = 1;
        }
      });
    });
}
