import fs from "node:fs";
import type { Command } from "commander";
import { createApp } from "../../server/index.ts";
import { routeModules } from "../../server/index.ts";
import { validationError } from "../../shared/errors.ts";
import { exportSite } from "../../site/index.ts";
import { withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

/** Registers `sabt export-site DIR [--no-share-images]`. */
export function register(program: Command): void {
  program
    .command("export-site")
    .description("Write the whole public site as static files (public data only) that can be mirrored anywhere")
    .argument("<dir>", "an empty or new directory")
    .option("--no-share-images", "skip the PNG share images (much faster; pages still name them)")
    .action(async (dir: string, opts: { shareImages: boolean }) => {
      if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw validationError(`${dir}: a file, not a directory`);
      if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw validationError(`${dir}: the directory is not empty`);
      try {
        // Made before the database opens, so a bad path fails in a second, not after the crawl starts.
        fs.mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw validationError(`${dir}: cannot create the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      await withDatabase(async ({ handle, config }) => {
        // The same app `sabt serve` runs, crawled anonymously: the export holds exactly what the public can see.
        const app = createApp({ db: handle.db, config }, routeModules());
        const report = await exportSite(app, dir, config.publicUrl, {
          shareImages: opts.shareImages,
          db: handle.db,
          onProgress: (n) => printError(`export-site: ${n} files`),
        });
        print(`exported ${report.files} files (${Math.round(report.bytes / 1024)} KiB) to ${dir} in ${(report.ms / 1000).toFixed(1)} s`);
        if (report.search) {
          const s = report.search;
          print(`search index: ${s.records} records, ${s.terms} terms, ${s.files} files (${Math.round(s.bytes / 1024)} KiB)`);
        }
        if (report.missing.length > 0) {
          printError(`export-site: ${report.missing.length} linked addresses did not answer 200, e.g. ${report.missing.slice(0, 5).join(", ")}`);
          process.exitCode = 1;
        }
      });
    });
}
