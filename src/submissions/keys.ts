/**
 * Keys of the public form, derived from the primary sealing key for one purpose each (a key is
 * never used twice): the keyed hash that stands for a client address in the throttle table, and
 * the MAC that makes proof-of-work challenges unforgeable. Without the key file, a copy of the
 * database cannot be searched for a guessed address.
 */
import { createHmac, hkdfSync } from "node:crypto";
import { activeKeyring } from "../crypto/index.ts";

const derived = new Map<string, Buffer>();

function keyFor(purpose: string): Buffer {
  const ring = activeKeyring();
  const id = `${ring.primaryId}/${purpose}`;
  let k = derived.get(id);
  if (!k) {
    k = Buffer.from(hkdfSync("sha256", ring.keys.get(ring.primaryId)!, Buffer.alloc(0), `sabt submissions ${purpose} v1`, 32));
    derived.set(id, k);
  }
  return k;
}

/** The keyed hash of a text for a purpose (`address`, `pow`), base64url. */
export function keyedHash(purpose: "address" | "pow", text: string): string {
  return createHmac("sha256", keyFor(purpose)).update(text, "utf8").digest("base64url");
}
