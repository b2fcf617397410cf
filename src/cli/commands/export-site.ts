import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { createApp } from "../../server/index.ts";
import { routeModules } from "../../server/index.ts";
import { validationError } from "../../shared/errors.ts";
import { checkExportDir, EXPORT_META_DIR, exportSite, exportSiteRoutes, type ExportReport } from "../../site/index.ts";
import { withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

/** Registers `sabt export-site DIR [--no-share-images]`. */
export function register(program: Command): void {
  program
    .command("export-site")
    .description("Write the whole public site as static files (public data only) that can be mirrored anywhere")
    .argument("<dir>", "a new or empty directory, or a previous export to bring up to date")
    .option("--no-share-images", "skip the PNG share images (much faster; pages still name them)")
    .option("--full", "render every page again, not only what changed since the previous export into DIR")
    .action(async (dir: string, opts: { shareImages: boolean; full?: boolean }) => {
      // Checked before the database opens, so a bad path fails in a second, not after the crawl starts.
      checkExportDir(dir);
      try {
        fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
      } catch (e) {
        throw validationError(`${dir}: cannot create the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      await withDatabase(async ({ handle, config, signal }) => {
        // The same app `sabt serve` runs, crawled anonymously: the export holds exactly what the public
        // can see. Its site reads ahead in batches: one page at a time, planning the queries cost most.
        const site = exportSiteRoutes(handle.db);
        const app = createApp({ db: handle.db, config }, routeModules(site.routes));
        let report: ExportReport;
        try {
          report = await exportSite(app, dir, config.publicUrl, {
            shareImages: opts.shareImages,
            db: handle.db,
            signal,
            imageCacheDir: path.join(config.dataDir, "cache", "share-png"),
            readAhead: site.readAhead,
            // The record of what each page read stays with the database (it names public records
            // only, but a mirror has no use for it), one per export directory.
            incremental: { ...site.tracking, stateFile: stateFileOf(config.dataDir, dir), full: opts.full === true },
            onProgress: (phase, n, total) => printError(`export-site: ${phase}: ${n}${total === undefined ? "" : ` of ${total}`} files`),
          });
        } catch (e) {
          if (!signal.aborted) throw e;
          printError(`export-site: interrupted; ${dir} is left as it was`);
          process.exitCode = 130;
          return;
        }
        printReport(report, dir);
      });
    });
}

/** Where the record of the exports into a directory is kept. */
function stateFileOf(dataDir: string, dir: string): string {
  const key = createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 24);
  return path.join(dataDir, "cache", "export", `${key}.graph`);
}

/** The closing lines: counts, time, peak memory, what changed, the search index, missing links. */
function printReport(report: ExportReport, dir: string): void {
  const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const { changed, deleted } = report.changes;
  const { ms, incremental } = report;
  if (incremental) {
    print(`brought ${dir} up to date in ${(ms / 1000).toFixed(1)} s, peak memory ${peakMiB} MiB`);
    print(`incremental: rendered ${incremental.pages} of ${incremental.of} pages and images again, the rest unchanged since the previous export (--full renders all)`);
  } else {
    print(`exported ${report.files} files (${Math.round(report.bytes / 1024)} KiB) to ${dir} in ${(ms / 1000).toFixed(1)} s, peak memory ${peakMiB} MiB`);
  }
  print(`changed ${changed.length} files, deleted ${deleted.length} (listed in ${path.join(dir, EXPORT_META_DIR)}/changed.txt and deleted.txt); share images: ${report.images.drawn} drawn, ${report.images.cached} from the cache`);
  if (report.search) {
    const s = report.search;
    print(`search index: ${s.records} records, ${s.terms} terms, ${s.files} files (${Math.round(s.bytes / 1024)} KiB)`);
  }
  if (report.missing.length > 0) {
    printError(`export-site: ${report.missing.length} linked addresses did not answer 200, e.g. ${report.missing.slice(0, 5).join(", ")}`);
    process.exitCode = 1;
  }
}
