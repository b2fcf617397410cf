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
    // A refused file wrote nothing, so it has no kept edits to report.
    const kept = report.errors.length === 0 ? { keptEdits: report.keptEdits } : {};
    const unparsed = report.unparsed ? { unparsed: report.unparsed } : {};
    printJson({ rows: report.rows, imported: report.imported, unchanged: report.unchanged, ...kept, ...unparsed, errors: report.errors });
  } else if (report.errors.length > 0) {
    for (const e of report.errors) printError(e.row > 0 ? `row ${e.row}${e.column ? `, ${e.column}` : ""}: ${e.message}` : e.message);
    printError(`${report.errors.length} problem(s) in ${file}: nothing was imported.`);
    if (report.keepable) {
      printError(
        `${report.keepable} of them are cells Sabt cannot read: --keep-unparsed imports the rest and keeps those as text for the team to resolve (never public).`,
      );
    }
  } else {
    const what = opts.dryRun ? "would import" : "imported";
    print(`${report.rows} rows: ${what} ${report.imported}, unchanged ${report.unchanged}.`);
    if (report.keptEdits.length > 0) {
      print(`${report.keptEdits.length} value(s) changed by an editor during the import keep the editor's version:`);
      for (const k of report.keptEdits) print(`  record ${k.recordId}, ${k.column}: claim ${k.claimId}`);
    }
    if (report.unparsed && report.unparsed.length > 0) {
      print(`${report.unparsed.length} cell(s) Sabt cannot read are kept as text (team only) until an editor resolves them:`);
      for (const u of report.unparsed) print(`  row ${u.row}, ${u.column}: ${u.message}`);
    }
  }
}

/** Registers `sabt import persons FILE.csv --list NAME [--dry-run] [--keep-unparsed] [--json]`. */
export function register(program: Command): void {
  const imp = program.command("import").description("Import data into Sabt");
  imp
    .command("persons")
    .description("Import a victim list (CSV with the canonical headers; header@public|@team|@confidential sets visibility)")
    .argument("<file>", "CSV file")
    .requiredOption("--list <name>", "name of the list (its source); the same name updates the same list")
    .option("--dry-run", "validate and report without writing anything")
    .option("--keep-unparsed", "keep cells Sabt cannot read (a negative age, a year of unknown calendar) as team-only text to resolve, and import the rest")
    .option("--json", "print the result as JSON")
    .option("--batch <n>", "rows per transaction", "1000")
    .action(async (file: string, opts: { list: string; dryRun?: boolean; keepUnparsed?: boolean; json?: boolean; batch: string }) => {
      const list = opts.list.trim();
      if (!list) throw validationError("--list: the list needs a name");
      const batchSize = Number.parseInt(opts.batch, 10);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20000) throw validationError("--batch: a number from 1 to 20000");
      // A file that cannot be read as UTF-8 text is refused before the database is opened.
      const read = readListFile(file);
      if ("problem" in read) {
        printReport({ rows: 0, imported: 0, unchanged: 0, errors: [read.problem], keptEdits: [] }, file, opts);
        process.exitCode = 1;
        return;
      }
      await withDatabase(async ({ handle, viewer, signal }) => {
        // Progress goes to stderr, so it stays on a terminal even with --json (stdout is the JSON).
        const bar = progress(`importing ${list}`, 0, Boolean(opts.json) && !process.stderr.isTTY);
        const report = await runPersonImport(handle.db, viewer, read.text, {
          listName: list,
          dryRun: Boolean(opts.dryRun),
          keepUnparsed: Boolean(opts.keepUnparsed),
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
