import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { AuthThrottleRow } from "../db/index.ts";

/** The throttle rows for the given keys. */
export async function findThrottles(db: Db, keys: readonly string[]): Promise<AuthThrottleRow[]> {
  if (keys.length === 0) return [];
  return db.selectFrom("auth_throttle").selectAll().where("key", "in", keys as string[]).execute();
}

/**
 * Counts one failure for a key inside a window: a new window starts when the old one has run
 * out; the key is locked until `lockUntil` once `limit` failures are reached.
 */
export async function upsertFailure(
  trx: Trx,
  key: string,
  opts: { now: Date; windowStart: Date; limit: number; lockUntil: Date },
): Promise<void> {
  await sql`
    INSERT INTO auth_throttle (key, failures, window_started_at, locked_until)
    VALUES (${key}, 1, ${opts.now}, ${opts.limit <= 1 ? opts.lockUntil : null})
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN auth_throttle.window_started_at < ${opts.windowStart} THEN 1 ELSE auth_throttle.failures + 1 END,
      window_started_at = CASE WHEN auth_throttle.window_started_at < ${opts.windowStart} THEN ${opts.now} ELSE auth_throttle.window_started_at END,
      locked_until = CASE
        WHEN auth_throttle.window_started_at >= ${opts.windowStart} AND auth_throttle.failures + 1 >= ${opts.limit} THEN ${opts.lockUntil}::timestamptz
        ELSE auth_throttle.locked_until END`.execute(trx);
}

/** Forgets the failures of a key (after a successful sign-in). */
export async function deleteThrottle(trx: Trx, key: string): Promise<void> {
  await trx.deleteFrom("auth_throttle").where("key", "=", key).execute();
}
