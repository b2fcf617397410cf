import type { Db } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";
import type { BlobStore } from "./blob-store.ts";
import { verifyArchive, type ArchiveVerification } from "./verify.ts";

/** A running scheduled re-verification; `stop()` waits for a run in progress. */
export interface ReverifySchedule {
  stop(): Promise<void>;
  /** The outcome of the last completed run, if any. */
  last(): ArchiveVerification | undefined;
}

/**
 * Re-verifies the whole archive every intervalMinutes (config SABT_ARCHIVE_VERIFY_INTERVAL_MIN;
 * 0 disables), one run at a time, logging problems by item id and calling onProblems so the
 * server can alert. The timer does not keep the process alive.
 */
export function scheduleReverification(
  db: Db,
  store: BlobStore,
  intervalMinutes: number,
  options: { onProblems?: (r: ArchiveVerification) => void; recordAs?: string } = {},
): ReverifySchedule {
  let running: Promise<void> | null = null;
  let last: ArchiveVerification | undefined;
  const run = () => {
    if (running) return;
    running = verifyArchive(db, store, undefined, { recordAs: options.recordAs })
      .then((r) => {
        last = r;
        Logger.info("archive", "scheduled verification", {
          ok: r.ok,
          checked: r.checked,
          problems: r.problems.length,
        });
        for (const p of r.problems) {
          Logger.error("archive", "fixity problem", { itemId: p.itemId, kind: p.kind });
        }
        if (!r.ok) options.onProblems?.(r);
      })
      .catch((e: unknown) =>
        Logger.error("archive", "scheduled verification failed", { error: (e as Error).message }),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = intervalMinutes > 0 ? setInterval(run, intervalMinutes * 60_000) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
    last: () => last,
  };
}
