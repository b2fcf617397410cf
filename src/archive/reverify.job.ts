import type { Db } from "../db/index.ts";
import type { JobContext } from "../shared/job.ts";
import { Logger } from "../shared/logger.ts";
import type { BlobStore } from "./blob-store.ts";
import { verifyArchive } from "./verify.ts";

/** The actor named in the custody log for scheduled re-verification. */
export const REVERIFY_ACTOR = "system:reverify";

/** How far a re-verification got: the last item checked and the totals so far. */
interface ReverifyCheckpoint {
  after: string;
  checked: number;
  problems: number;
}

/**
 * The scheduled re-verification job (SABT_REVERIFY_HOURS): re-hashes every stored evidence file and
 * checks every custody chain, recording "verified" or "verification_failed" in each item's custody
 * log and logging each problem by item id. It saves a checkpoint after each page of items, so a run
 * cut short (a stopped or killed process) continues after the last page it finished; only the items
 * of an unfinished page can be checked, and recorded, twice.
 * @returns the totals of the run.
 */
export async function runReverifyJob(db: Db, store: BlobStore, ctx: JobContext): Promise<{ ok: boolean; checked: number; problems: number }> {
  const from = ctx.checkpoint as ReverifyCheckpoint | null;
  const before = { checked: from?.checked ?? 0, problems: from?.problems ?? 0 };
  const r = await verifyArchive(db, store, undefined, {
    recordAs: REVERIFY_ACTOR,
    signal: ctx.signal,
    startAfter: from?.after ?? null,
    onPage: async (after, checked, problems) => {
      const done = before.checked + checked;
      await ctx.saveCheckpoint({ after, checked: done, problems: before.problems + problems } satisfies ReverifyCheckpoint, { done, total: null });
    },
  });
  for (const p of r.problems) {
    Logger.error("archive", "fixity problem", { itemId: p.itemId, kind: p.kind });
  }
  // Stopped between items: the job is handed back (or cancelled), not recorded as done.
  ctx.signal.throwIfAborted();
  const totals = { ok: before.problems + r.problems.length === 0, checked: before.checked + r.checked, problems: before.problems + r.problems.length };
  Logger.info("archive", "scheduled verification", totals);
  return totals;
}
