import type { Db } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";
import { purgeExpiredSessions, SESSION_IDLE_MS } from "./session.service.ts";

/** How often run-out sessions are deleted: half the idle timeout, so none lingers much longer. */
export const SESSION_PURGE_MS = SESSION_IDLE_MS / 2;

/**
 * The scheduled session purge: deletes every session that has run out (idle or absolute), which
 * `resolveSession` only drops when its token comes back. Deleting is idempotent, so a re-run is safe.
 * @returns how many sessions were deleted.
 */
export async function runSessionPurgeJob(db: Db): Promise<{ deleted: number }> {
  const deleted = await purgeExpiredSessions(db);
  if (deleted > 0) Logger.info("auth", "expired sessions deleted", { deleted });
  return { deleted };
}
