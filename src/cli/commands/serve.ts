import type { Command } from "commander";
import { openBlobStore } from "../../archive/index.ts";
import { loadDemoIfEmpty } from "../../demo-loader/index.ts";
import { createApp, routeModules, startHttpServer, startJobs } from "../../server/index.ts";
import { PUBLIC_CHANGE_CHANNEL } from "../../db/index.ts";
import { createChangeFeed } from "../../shared/changes.ts";
import { validationError } from "../../shared/errors.ts";
import { commandConfig, withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

/** Registers `sabt serve [--port N] [--demo] [--no-jobs]`. */
export function register(program: Command): void {
  program
    .command("serve")
    .description("Start the web server (public site, team workspace, JSON API)")
    .option("--port <n>", "TCP port (default: PORT or 3000)")
    .option("--demo", "on a first start with an empty database, load the fictional demo collection")
    .option("--no-jobs", "answer requests only; run background jobs in `sabt worker` processes instead")
    .action(async (opts: { port?: string; demo?: boolean; jobs: boolean }) => {
      const base = commandConfig();
      const port = opts.port === undefined ? base.port : Number.parseInt(opts.port, 10);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw validationError("--port: a number from 1 to 65535");
      const config = Object.freeze({ ...base, port });
      await withDatabase(
        async ({ handle, viewer, signal }) => {
          const store = openBlobStore(config.blobStore);
          if (opts.demo) {
            const loaded = await loadDemoIfEmpty(handle.db, viewer, store, (step) => printError(`demo: ${step}`));
            if (loaded) printError("demo: the fictional demo collection is loaded (every person in it is invented)");
          }
          // Caches of public pages clear when any process on this database changes public data.
          const changes = createChangeFeed();
          const stopListening = await handle.listen(PUBLIC_CHANGE_CHANNEL, () => changes.emit());
          const app = createApp({ db: handle.db, config, changes }, routeModules());
          const server = await startHttpServer(app, { port: config.port, hostname: config.host, changes }).catch((e: NodeJS.ErrnoException) => {
            throw e.code === "EADDRINUSE" ? validationError(`--port: port ${config.port} is already in use`) : e;
          });
          print(`Sabt is running at http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}/ (Ctrl-C to stop)`);

          // Background jobs (scheduled backups, re-verification, session purge, linkage runs,
          // captures) run here unless a `sabt worker` is meant to take them.
          const jobs = opts.jobs ? startJobs(handle, config, store) : undefined;
          await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
          // A running job stops between steps and is handed back (its checkpoint kept) before the
          // database is closed.
          await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), jobs?.stop()]);
          await stopListening();
          print("Sabt stopped; the database was closed cleanly.");
        },
        { config },
      );
    });
}
