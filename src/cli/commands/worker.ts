import type { Command } from "commander";
import { openBlobStore } from "../../archive/index.ts";
import { startJobs } from "../../server/index.ts";
import { withDatabase } from "../context.ts";
import { print } from "../output.ts";

/** Registers `sabt worker`: runs background jobs only, so heavy work can leave the web processes. */
export function register(program: Command): void {
  program
    .command("worker")
    .description("Run background jobs only (captures, linkage runs, scheduled backups, re-verification, session purge) until stopped")
    .action(async () => {
      await withDatabase(async ({ handle, config, signal }) => {
        const runner = startJobs(handle, config, openBlobStore(config.blobStore));
        print(`Sabt worker ${runner.workerId} is running jobs (Ctrl-C to stop)`);
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
        // A running job stops between steps and is handed back for the next process.
        await runner.stop();
        print("Sabt worker stopped; running jobs were handed back.");
      });
    });
}
