/**
 * Abuse limits of the public form, without third parties: every post counts against the sender's
 * address (as a keyed hash, never the address itself) and against the whole form; above a load
 * threshold a post must carry a proof-of-work, and above a hard limit the form refuses everything
 * until the window ends. Counters live in the database, so several server processes share them.
 */
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { keyedHash } from "./keys.ts";
import { checkAnswer, issueChallenge, POW_TTL_MS } from "./pow.ts";
import { countHit, deleteExpiredHits, findHitCount, spendOnce } from "./submission.repository.ts";

/** The form's limits (defaults in `SUBMIT_LIMITS`). */
export interface SubmitLimits {
  /** Posts per address per window. */
  perAddress: number;
  /** Posts from everyone per window above which a proof-of-work is asked. */
  powAbove: number;
  /** Posts from everyone per window above which the form refuses everything. */
  global: number;
  windowMs: number;
  /** Zero bits the proof-of-work must find (16 takes a phone about a second). */
  powBits: number;
}

/** Default limits: ten posts an hour per address, a proof-of-work above 60 an hour, none above 600. */
export const SUBMIT_LIMITS: Readonly<SubmitLimits> = Object.freeze({ perAddress: 10, powAbove: 60, global: 600, windowMs: 60 * 60_000, powBits: 16 });

/** Why a post was refused: the page explains each. */
export type Refusal = "address" | "busy" | "closed";

/** The answer to the proof-of-work, as the form sent it. */
export interface PowAnswer {
  challenge: string;
  nonce: string;
}

const GLOBAL_KEY = "global";
const addressKey = (address: string) => `addr:${keyedHash("address", address)}`;

/** A proof-of-work challenge when the form is under load, else undefined (for the form page). */
export async function challengeIfBusy(db: Db, limits: SubmitLimits, now = new Date()): Promise<string | undefined> {
  return (await findHitCount(db, GLOBAL_KEY, now)) >= limits.powAbove ? issueChallenge(limits.powBits, now) : undefined;
}

/**
 * Counts a post and decides whether it may go on, before its body is read: a refused post is
 * never buffered. Counting happens first and in one short transaction, so a burst of posts cannot
 * slip between a check and its count. Returns whether the post must carry a proof-of-work (read
 * from its body afterwards, by `checkPow`).
 * @throws SabtError rate_limited with `details.refusal` ("address" or "closed").
 */
export async function admitPost(db: Db, address: string, limits: SubmitLimits, now = new Date()): Promise<{ powNeeded: boolean }> {
  const ends = new Date(now.getTime() + limits.windowMs);
  const verdict = await db.transaction().execute(async (trx): Promise<Refusal | "pow" | undefined> => {
    const total = await countHit(trx, GLOBAL_KEY, now, ends);
    // Once per window the global counter starts again: a good moment to forget old counters.
    if (total === 1) await deleteExpiredHits(trx, now);
    const mine = await countHit(trx, addressKey(address), now, ends);
    if (mine > limits.perAddress) return "address";
    if (total > limits.global) return "closed";
    return total > limits.powAbove ? "pow" : undefined;
  });
  if (verdict === "address" || verdict === "closed") refuse(verdict);
  return { powNeeded: verdict === "pow" };
}

/**
 * Checks the proof-of-work of a post admitted under load and spends its challenge (good once).
 * @throws SabtError rate_limited with `details.refusal` "busy".
 */
export async function checkPow(db: Db, pow: PowAnswer, limits: SubmitLimits, now = new Date()): Promise<void> {
  const random = checkAnswer(pow.challenge, pow.nonce, limits.powBits, now);
  if (!random) refuse("busy");
  const spent = await db.transaction().execute((trx) => spendOnce(trx, `pow:${random}`, new Date(now.getTime() + POW_TTL_MS)));
  if (!spent) refuse("busy");
}

function refuse(refusal: Refusal): never {
  throw new SabtError("rate_limited", `submission refused: ${refusal}`, { refusal });
}
