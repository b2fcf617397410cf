/**
 * Keys of the public form, derived from the primary sealing key for one purpose each (a key is
 * never used twice): the keyed hash that stands for a client address in the throttle table, and
 * the MAC that makes proof-of-work challenges unforgeable. Without the key file, a copy of the
 * database cannot be searched for a guessed address.
 */
import { primaryKeyedMac } from "../crypto/index.ts";

/** The keyed hash of a text for a purpose (`address`, `pow`), base64url. */
export function keyedHash(purpose: "address" | "pow", text: string): string {
  return primaryKeyedMac(`sabt submissions ${purpose} v1`, text);
}
