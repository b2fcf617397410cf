import fs from "node:fs";
import type { Command } from "commander";
import { decodeCsvBytes, runPersonImport, type ImportProblem, type ImportReport } from "../../imports/index.ts";
import { validationError } from "../../shared/errors.ts";
import { withDatabase } from "../context.ts";
import { print, printError, printJson, progress } from "../output.ts";

/** Reads the list file, or says in one problem why it cannot be imported. */
function readListFile(file: string): { text: string } | { problem: ImportProblem } {
  const refuse = (message: string) => ({ problem: { row: 0, column: "", message } });
  let bytes: Buffer;
  try {
    if (!fs.statSync(file).isFile()) return refuse(`${file} is not a file`);
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(code === "ENOENT" ? `${file} does not exist` : `${file} cannot be read (${code ?? "unknown error"})`);
  }
  return decodeCsvBytes(bytes);
}

/** Prints a report as `--json` or as lines for a person, naming the file in the summary. */
function printReport(report: ImportReport, file: string, opts: { json?: boolean; dryRun?: boolean }): void {
  if (opts.json) {
    printJson({ rows: report.rows, imported: report.imported, unchanged: report.unchanged, errors: report.errors, conflicts: report.conflicts });
  } else if (report.errors.length > 0) {
    for (const e of report.errors) printError(e.row > 0 ? `row ${e.row}${e.column ? `, ${e.column}` : ""}: ${e.message}` : e.message);
    printError(`${report.errors.length} problem(s) in ${file}: nothing was imported.`);
  } else {
    const what = opts.dryRun ? "would import" : "imported";
    // An editor's concurrent change wins over the import; each claim it kept is named.
    for (const c of report.conflicts) {
      printError(`row ${c.row}, ${c.column}: claim ${c.claimId} was changed by an editor during the import; the editor's version was kept`);
    }
    const kept = report.conflicts.length > 0 ? `, kept ${report.conflicts.length} claim(s) an editor changed meanwhile` : "";
    print(`${report.rows} rows: ${what} ${report.imported}, unchanged ${report.unchanged}${kept}.`);
  }
}

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
      const list = opts.list.trim();
      if (!list) throw validationError("--list: the list needs a name");
      const batchSize = Number.parseInt(opts.batch, 10);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20000) throw validationError("--batch: a number from 1 to 20000");
      // A file that cannot be read as UTF-8 text is refused before the database is opened.
      const read = readListFile(file);
      if ("problem" in read) {
        printReport({ rows: 0, imported: 0, unchanged: 0, errors: [read.problem], conflicts: [] }, file, opts);
        process.exitCode = 1;
        return;
      }
      await withDatabase(async ({ handle, viewer, signal }) => {
        // Progress goes to stderr, so it stays on a terminal even with --json (stdout is the JSON).
        const bar = progress(`importing ${list}`, 0, Boolean(opts.json) && !process.stderr.isTTY);
        const report = await runPersonImport(handle.db, viewer, read.text, {
          listName: list,
          dryRun: Boolean(opts.dryRun),
          batchSize,
          signal,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.done();
        printReport(report, file, opts);
        if (report.interrupted) {
          printError("The import was interrupted; run the same command again to complete it.");
          process.exitCode = 130;
        } else if (report.errors.length > 0) {
          process.exitCode = 1;
        }
      });
    });
}
