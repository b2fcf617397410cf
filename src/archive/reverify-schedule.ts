import type { Db } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";
import type { BlobStore } from "./blob-store.ts";
import { verifyArchive, type ArchiveVerification } from "./verify.ts";

/** A running scheduled re-verification. */
export interface ReverifySchedule {
  /** Stops the timer and a run in progress (after its current item), and waits for it. */
  stop(): Promise<void>;
  /** The outcome of the last completed run, if any. */
  last(): ArchiveVerification | undefined;
}

/**
 * Re-verifies the whole archive every intervalMs (`sabt serve` passes SABT_REVERIFY_HOURS; 0
 * disables), one run at a time. Each problem is logged by item id and kind, and with `recordAs`
 * every item's outcome ("verified" or "verification_failed") goes into its custody log. The first
 * run comes after one interval, not at start-up, since a run re-reads every stored file. The
 * timer does not keep the process alive.
 */
export function scheduleReverification(
  db: Db,
  store: BlobStore,
  intervalMs: number,
  options: { recordAs?: string } = {},
): ReverifySchedule {
  let running: Promise<void> | null = null;
  let last: ArchiveVerification | undefined;
  // A run re-reads every stored file, which can take hours: a stopping server must not wait for it.
  const abort = new AbortController();
  const run = () => {
    if (running) return;
    running = verifyArchive(db, store, undefined, { recordAs: options.recordAs, signal: abort.signal })
      .then((r) => {
        if (!abort.signal.aborted) last = r;
        Logger.info("archive", "scheduled verification", {
          ok: r.ok,
          checked: r.checked,
          problems: r.problems.length,
          stopped: abort.signal.aborted,
        });
        for (const p of r.problems) {
          Logger.error("archive", "fixity problem", { itemId: p.itemId, kind: p.kind });
        }
      })
      .catch((e: unknown) =>
        Logger.error("archive", "scheduled verification failed", { error: (e as Error).message }),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = intervalMs > 0 ? setInterval(run, intervalMs) : null;
  timer?.unref();
  return {
    async stop() {
      if (timer) clearInterval(timer);
      abort.abort();
      await running;
    },
    last: () => last,
  };
}
