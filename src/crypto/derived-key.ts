import { createHmac, hkdfSync } from "node:crypto";
import { activeKeyring } from "./registry.ts";

/*
 * Keys derived from the keyring's keys for one purpose each (HKDF-SHA-256, no salt, the purpose's
 * info string, 32 bytes): the sealing key itself is never used for two purposes. Derived once per
 * key and purpose and kept for the life of the process.
 */
const derived = new Map<string, Buffer>();

/** The key derived for a purpose (`info`) from the keyring's key of this id; undefined when it is not loaded. */
export function derivedKey(keyId: string, info: string): Buffer | undefined {
  const id = `${keyId}\u0000${info}`;
  let k = derived.get(id);
  if (!k) {
    const key = activeKeyring().keys.get(keyId);
    if (!key) return undefined;
    k = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), info, 32));
    derived.set(id, k);
  }
  return k;
}

/** HMAC-SHA-256 of a text under a derived key (the full digest, as bytes). */
export function keyedDigest(key: Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/** HMAC-SHA-256 of a text under the key derived for a purpose (`info`) from the primary key, base64url. */
export function primaryKeyedMac(info: string, text: string): string {
  return keyedDigest(derivedKey(activeKeyring().primaryId, info)!, text).toString("base64url");
}
