/**
 * The pure arithmetic of the job engine: retry backoff and schedule slots. Slots are aligned to the
 * Unix epoch, so every process computes the same slot for the same moment without talking to the
 * others, and a restart does not move the schedule.
 */

/** Backoff settings of retries. */
export interface Backoff {
  /** Delay before the second attempt. */
  baseMs: number;
  /** The longest delay. */
  maxMs: number;
}

/** The default backoff: 10 s, 20 s, 40 s, … up to one hour. */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ baseMs: 10_000, maxMs: 3_600_000 });

/**
 * How long to wait after a failed attempt before the next one: doubling from `baseMs`, at most `maxMs`.
 * @param attempt the attempt that failed (1 for the first).
 * @example retryDelayMs(3, { baseMs: 1000, maxMs: 60_000 }) // 4000
 */
export function retryDelayMs(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(backoff.baseMs * 2 ** exponent, backoff.maxMs);
}

/**
 * The start of the schedule slot that contains `now`, for a schedule that runs every `everyMs`.
 * @example slotStart(new Date("2026-01-01T05:30:00Z"), 3_600_000) // 2026-01-01T05:00:00Z
 */
export function slotStart(now: Date, everyMs: number): Date {
  return new Date(Math.floor(now.getTime() / everyMs) * everyMs);
}

/**
 * When a schedule runs next: the start of the current slot when that slot has no run yet (so it is
 * due now), else the start of the following slot.
 */
export function nextScheduledRun(now: Date, everyMs: number, latestSlot: Date | undefined): Date {
  const current = slotStart(now, everyMs);
  if (!latestSlot || latestSlot.getTime() < current.getTime()) return current;
  return new Date(latestSlot.getTime() + everyMs);
}
