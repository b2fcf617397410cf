import { createHash } from "node:crypto";
import type { Db, Trx } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { deleteThrottle, findThrottles, upsertFailure } from "./throttle.repository.ts";

/**
 * Sign-in throttling (ASVS 5.0 V6.3.1): per account, 5 failed attempts (password or second
 * factor) within 15 minutes lock it for 15 minutes; per client address, 30 failures do. The
 * counters live in the database, so restarting the server does not reset them. Keys are hashes:
 * the table holds neither e-mail addresses nor IP addresses.
 */
export const THROTTLE = Object.freeze({
  account: { limit: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
  address: { limit: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 },
});

const digest = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 32);

/** The throttle key of an account (by e-mail address, so unknown accounts are throttled too). */
export function accountKey(email: string): string {
  return `acct:${digest(email.trim().toLowerCase())}`;
}

/** The throttle key of a client address. */
export function addressKey(address: string): string {
  return `addr:${digest(address)}`;
}

/**
 * Refuses the attempt while the account or the address is locked.
 * @throws SabtError rate_limited, with the time to wait.
 */
export async function assertNotThrottled(db: Db, keys: readonly string[], now = new Date()): Promise<void> {
  const rows = await findThrottles(db, keys);
  const until = rows.map((r) => r.locked_until).filter((d): d is Date => d !== null && d.getTime() > now.getTime());
  if (until.length > 0) {
    const wait = Math.ceil((Math.max(...until.map((d) => d.getTime())) - now.getTime()) / 60_000);
    throw new SabtError("rate_limited", `Too many failed attempts. Try again in ${wait} minute${wait === 1 ? "" : "s"}.`, { retryAfterMinutes: wait });
  }
}

/** Counts a failed attempt against the account and the address. */
export async function recordFailedAttempt(trx: Trx, keys: { account: string; address: string }, now = new Date()): Promise<void> {
  for (const [key, rule] of [
    [keys.account, THROTTLE.account],
    [keys.address, THROTTLE.address],
  ] as const) {
    await upsertFailure(trx, key, {
      now,
      windowStart: new Date(now.getTime() - rule.windowMs),
      limit: rule.limit,
      lockUntil: new Date(now.getTime() + rule.lockMs),
    });
  }
}

/** Clears an account's failures after it signed in completely. */
export async function clearAccountFailures(trx: Trx, account: string): Promise<void> {
  await deleteThrottle(trx, account);
}
