import type { Command } from "commander";
import { verifyIntegrity } from "../../integrity/index.ts";
import { isSabtError } from "../../shared/errors.ts";
import { withDatabase } from "../context.ts";
import { print, printError, printJson } from "../output.ts";

/** Registers `sabt verify [--json]`: exit 0 only when everything is intact. */
export function register(program: Command): void {
  program
    .command("verify")
    .description("Check the audit chain and every stored file's hash; exit non-zero naming anything wrong")
    .option("--json", "print the report as JSON")
    .action(async (opts: { json?: boolean }) => {
      try {
        await verifyOrFail(opts);
      } catch (e) {
        // --json callers parse stdout: they get a report saying why nothing could be checked.
        if (opts.json && isSabtError(e)) printJson({ ok: false, error: { id: e.id, message: e.message } });
        throw e;
      }
    });
}

async function verifyOrFail(opts: { json?: boolean }): Promise<void> {
  await withDatabase(
    async ({ handle, config }) => {
      const report = await verifyIntegrity(handle.db, config, (what, done, total) => {
        if (!opts.json && total > 0 && done === total) printError(`checked ${total} ${what}`);
      });
      if (opts.json) printJson(report);
      else {
        for (const p of report.problems) printError(`PROBLEM ${p.where}: ${p.message}`);
        print(
          report.ok
            ? `OK: ${report.summary}`
            : `FAILED: ${report.problems.length} problem(s). ${report.summary}`,
        );
      }
      if (!report.ok) process.exitCode = 3;
    },
    { open: { mustExist: true } },
  );
}
