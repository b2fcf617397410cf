/**
 * The public site as the static export mounts it: every request reads through one read-ahead
 * reader (`batch-reader.ts`) that the crawl tells which pages come next, and nothing is kept in the
 * response cache (each page is fetched once).
 */
import { publicView, type Db } from "../../db/index.ts";
import type { RouteModule } from "../../http/index.ts";
import { todayIso } from "../public.repository.ts";
import { createSiteRoutes } from "../site.routes.ts";
import { publicReader } from "../site.reader.ts";
import { batchReader } from "./batch-reader.ts";
import type { ReadAhead } from "./export-site.ts";
import { DependencyRecorder, recordingReader } from "./page-deps.ts";

/** The export's site module, and the read-ahead and dependency tracking to pass to `exportSite`. */
export interface ExportSiteRoutes {
  routes: RouteModule;
  readAhead: ReadAhead;
  /** What each page reads, and the day it reads the projection as of (for the incremental export). */
  tracking: { recorder: DependencyRecorder; today: string };
}

/**
 * Builds the site module for one export, reading the public projection as of `today`; `budget` is
 * how many claims the reader keeps in memory (tests make it small).
 */
export function exportSiteRoutes(db: Db, opts: { today?: string; budget?: number } = {}): ExportSiteRoutes {
  const pdb = publicView(db);
  const today = opts.today ?? todayIso();
  const reader = batchReader(publicReader(pdb, today), pdb, opts.budget);
  const recorder = new DependencyRecorder();
  const recording = recordingReader(reader, recorder);
  return {
    routes: createSiteRoutes({ reader: () => recording, cacheTtlMs: 0, watch: (d) => recorder.watch(d) }),
    readAhead: { next: (paths) => reader.prefetch(paths), release: () => reader.release() },
    tracking: { recorder, today },
  };
}
