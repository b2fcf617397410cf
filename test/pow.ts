/**
 * @internal Test support for the public form's proof-of-work: finds a nonce for a challenge as the
 * page's script does, written here from the rule itself (SHA-256 of `challenge:nonce` starting
 * with the challenge's number of zero bits), so that the tests check the server against the rule.
 */
import { createHash } from "node:crypto";

function leadingZeros(digest: Buffer): number {
  let n = 0;
  for (const byte of digest) {
    if (byte !== 0) return n + Math.clz32(byte) - 24;
    n += 8;
  }
  return n;
}

/** A nonce that answers the challenge (its second dot-separated field is the number of bits). */
export function solveChallenge(challenge: string): string {
  const bits = Number(challenge.split(".")[1]);
  for (let i = 0; ; i++) {
    if (leadingZeros(createHash("sha256").update(`${challenge}:${i}`, "utf8").digest()) >= bits) return String(i);
  }
}
