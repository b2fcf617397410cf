/**
 * Results for the fictional demo's first start: link its lists and publish one quick estimate,
 * so that the linkage, estimation and public statistics pages show something at once. Kept
 * short (a few seconds) because it runs before the server starts listening; the team can run
 * longer chains from the estimation page.
 */
import type { Db } from "../db/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { publishEstimate, runEstimate } from "./estimate.service.ts";
import { linkLists } from "./linkage.service.ts";

/** The short LCMCR schedule of the demo's first estimate (about 2,000 sweeps, one chain). */
export const DEMO_ESTIMATE = { method: "lcmcr", seed: 1367, burnin: 1000, iterations: 500, thinning: 2, chains: 1 } as const;

/**
 * Links every imported list, runs a short LCMCR estimate and publishes it with fictional labels.
 * @returns the linkage run's and the estimate's ids
 */
export async function linkAndEstimateDemo(db: Db, viewer: Viewer, onProgress?: (step: string) => void): Promise<{ runId: string; estimateId: string }> {
  onProgress?.("linking the demo lists");
  const run = await linkLists(db, viewer);
  onProgress?.(`estimating the total from ${run.clusters} linked people`);
  const e = await runEstimate(db, viewer, DEMO_ESTIMATE);
  await db.transaction().execute((trx) =>
    publishEstimate(trx, viewer, e.id, {
      labelFa: "برآورد نمونه (خیالی): شمار کل جان‌باختگان فهرست‌های نمونه",
      labelEn: "Demo estimate (fictional): total victims behind the demo lists",
    }),
  );
  return { runId: run.runId, estimateId: e.id };
}
