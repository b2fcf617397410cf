import type { Db } from "../db/index.ts";
import { generateDemo } from "../demo/index.ts";
import { listEntities } from "../entities/index.ts";
import { linkAndEstimateDemo } from "../lists/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import type { BlobStore } from "../archive/index.ts";
import { loadDemo } from "./demo.loader.ts";

/**
 * Loads the fictional demo collection when the database has no entities yet (a first start
 * with an empty data directory); does nothing otherwise. Returns whether it loaded. The demo's
 * lists are then linked and a short estimate published (a few seconds, first start only), so
 * the linkage, estimation and statistics pages have results to show.
 */
export async function loadDemoIfEmpty(db: Db, viewer: Viewer, store: BlobStore, onProgress?: (step: string) => void): Promise<boolean> {
  const any = await listEntities(db, viewer, { limit: 1, offset: 0 });
  if (any.length > 0) return false;
  await loadDemo(db, viewer, generateDemo(), { store, ...(onProgress ? { onProgress } : {}) });
  // Linking refreshes the planner's statistics itself (`linkLists`), after folding list rows into people.
  await linkAndEstimateDemo(db, viewer, onProgress);
  return true;
}
