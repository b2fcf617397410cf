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

/** The export's site module and the read-ahead to pass to `exportSite`. */
export interface ExportSiteRoutes {
  routes: RouteModule;
  readAhead: ReadAhead;
}

/**
 * Builds the site module for one export, reading the public projection as of `today`; `budget` is
 * how many claims the reader keeps in memory (tests make it small).
 */
export function exportSiteRoutes(db: Db, opts: { today?: string; budget?: number } = {}): ExportSiteRoutes {
  const pdb = publicView(db);
  const reader = batchReader(publicReader(pdb, opts.today ?? todayIso()), pdb, opts.budget);
  return { routes: createSiteRoutes({ reader: () => reader, cacheTtlMs: 0 }), readAhead: { next: (paths) => reader.prefetch(paths), release: () => reader.release() } };
}
