import path from "node:path";
import type { Command } from "commander";
import { openBlobStore } from "../../archive/index.ts";
import { rollingBackup } from "../../backup/index.ts";
import { loadDemoIfEmpty } from "../../demo-loader/index.ts";
import { createApp, startHttpServer } from "../../server/index.ts";
import { routeModules } from "../../server/index.ts";
import { Logger } from "../../shared/logger.ts";
import { validationError } from "../../shared/errors.ts";
import { commandConfig, withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

/** Registers `sabt serve [--port N] [--demo]`. */
export function register(program: Command): void {
  program
    .command("serve")
    .description("Start the web server (public site, team workspace, JSON API)")
    .option("--port <n>", "TCP port (default: PORT or 3000)")
    .option("--demo", "on a first start with an empty database, load the fictional demo collection")
    .action(async (opts: { port?: string; demo?: boolean }) => {
      const base = commandConfig();
      const port = opts.port === undefined ? base.port : Number.parseInt(opts.port, 10);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw validationError("--port: a number from 1 to 65535");
      const config = Object.freeze({ ...base, port });
      await withDatabase(
        async ({ handle, viewer, signal }) => {
          if (opts.demo) {
            const loaded = await loadDemoIfEmpty(handle.db, viewer, openBlobStore(config.blobStore), (step) => printError(`demo: ${step}`));
            if (loaded) printError("demo: the fictional demo collection is loaded (every person in it is invented)");
          }
          const app = createApp({ db: handle.db, config }, routeModules());
          const server = await startHttpServer(app, { port: config.port, hostname: config.host }).catch((e: NodeJS.ErrnoException) => {
            throw e.code === "EADDRINUSE" ? validationError(`--port: port ${config.port} is already in use`) : e;
          });
          print(`Sabt is running at http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}/ (Ctrl-C to stop)`);

          // Rolling automatic backups of the embedded database: PGlite runs with fsync off, so a
          // recent consistent copy is what survives a crash that leaves the directory unusable.
          let timer: NodeJS.Timeout | undefined;
          // The backup in progress, awaited before the database is closed on SIGINT/SIGTERM.
          let running: Promise<void> = Promise.resolve();
          if (handle.engine === "pglite" && config.backupIntervalMin > 0 && config.backupKeep > 0) {
            const dir = path.join(config.dataDir, "backups");
            const run = async () => {
              await running;
              try {
                const file = await rollingBackup(handle.db, dir, config.backupKeep);
                Logger.info("backup", "automatic backup written", { file: path.basename(file) });
              } catch (e) {
                Logger.error("backup", "automatic backup failed", { error: (e as Error).message });
              }
            };
            running = run();
            timer = setInterval(() => void (running = run()), config.backupIntervalMin * 60_000);
          }
          await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
          if (timer) clearInterval(timer);
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await running;
          print("Sabt stopped; the database was closed cleanly.");
        },
        { config },
      );
    });
}
