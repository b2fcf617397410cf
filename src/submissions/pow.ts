/**
 * The small proof-of-work asked of senders while the form is under load: the server hands out a
 * challenge it signed (so it keeps no state for it), the page's script looks for a nonce whose
 * SHA-256 with the challenge starts with enough zero bits, and the server checks it with one hash.
 * A challenge is good for one submission and for a limited time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { keyedHash } from "./keys.ts";

/** How long a challenge may be answered (ms). */
export const POW_TTL_MS = 30 * 60_000;

/** A challenge for the form: `<issued>.<bits>.<random>.<mac>`. */
export function issueChallenge(bits: number, now = new Date()): string {
  const body = `${now.getTime()}.${bits}.${randomBytes(12).toString("base64url")}`;
  return `${body}.${keyedHash("pow", body)}`;
}

/** The number of leading zero bits of a digest. */
function leadingZeroBits(digest: Uint8Array): number {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** The digest a nonce is judged by: SHA-256 of `<challenge>:<nonce>`. */
function powDigest(challenge: string, nonce: string): Uint8Array {
  return createHash("sha256").update(`${challenge}:${nonce}`, "utf8").digest();
}

/**
 * Checks an answer: the challenge is one Sabt signed, asked at least `minBits`, is not expired, and
 * the nonce gives that many zero bits. Returns the challenge's random part (to spend it once), or
 * undefined when the answer does not hold.
 */
export function checkAnswer(challenge: string, nonce: string, minBits: number, now = new Date()): string | undefined {
  const parts = challenge.split(".");
  if (parts.length !== 4 || nonce.length === 0 || nonce.length > 32) return undefined;
  const [issued, bits, random, mac] = parts as [string, string, string, string];
  const want = Buffer.from(keyedHash("pow", `${issued}.${bits}.${random}`));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  const age = now.getTime() - Number(issued);
  if (!(age >= 0 && age <= POW_TTL_MS) || Number(bits) < minBits) return undefined;
  return leadingZeroBits(powDigest(challenge, nonce)) >= Number(bits) ? random : undefined;
}

