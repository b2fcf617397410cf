import fs from "node:fs";
import type { Command } from "commander";
import { restoreBackup, writeBackup } from "../../backup/index.ts";
import { validationError } from "../../shared/errors.ts";
import { withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

/** Registers `sabt backup FILE` and `sabt restore FILE`. */
export function register(program: Command): void {
  program
    .command("backup")
    .description("Write a consistent, checksummed backup of the whole database to FILE (gzip'd JSON lines)")
    .argument("<file>", "backup file to create (must not exist)")
    .action(async (file: string) => {
      if (fs.existsSync(file)) throw validationError(`file: ${file} already exists; choose a new name`);
      await withDatabase(async ({ handle }) => {
        const counts = await writeBackup(handle.db, file, (t, n) => printError(`  ${t}: ${n} rows`));
        print(`backup written to ${file} (${Object.values(counts).reduce((a, b) => a + b, 0)} rows)`);
      });
    });
  program
    .command("restore")
    .description("Restore a backup into an empty data directory (or empty DATABASE_URL database)")
    .argument("<file>", "backup file")
    .action(async (file: string) => {
      if (!fs.existsSync(file)) throw validationError(`file: ${file} does not exist`);
      await withDatabase(async ({ handle }) => {
        const counts = await restoreBackup(handle.db, file, (t, n) => printError(`  ${t}: ${n} rows`));
        print(`restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows from ${file}; the audit chain verifies`);
      });
    });
}
