import { createHmac, hkdfSync } from "node:crypto";
import { activeKeyring } from "./registry.ts";

/*
 * A blind index of confidential search terms. A confidential claim's search key is sealed with
 * its value, so the term index cannot hold it; instead each of its terms is stored as a keyed
 * MAC (HMAC-SHA-256 under a key derived from the encryption key, truncated to 128 bits). Members
 * who may read confidential values search by computing the same MACs for their query terms.
 * Someone holding only the database learns which confidential claims share a term, never the
 * term; the price is that sealed terms match whole terms only, with no similarity search.
 */

const INFO = "sabt blind index v1";
const derived = new Map<string, Buffer>();

function macKey(keyId: string, key: Buffer): Buffer {
  let k = derived.get(keyId);
  if (!k) {
    // A separate key for MACs: the sealing key itself is never used for two purposes.
    k = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), INFO, 32));
    derived.set(keyId, k);
  }
  return k;
}

function mac(key: Buffer, term: string): string {
  return createHmac("sha256", key).update(term, "utf8").digest().subarray(0, 16).toString("base64url");
}

/** The MACs of a confidential claim's search terms under the primary key (the key that seals new values). */
export function sealedTermMacs(terms: readonly string[]): string[] {
  const ring = activeKeyring();
  const key = macKey(ring.primaryId, ring.keys.get(ring.primaryId)!);
  return [...new Set(terms)].map((t) => mac(key, t));
}

/**
 * For each query term, its MACs under every known key: claims sealed before a key rotation
 * finished carry MACs of the older key.
 */
export function queryTermMacs(terms: readonly string[]): string[][] {
  const ring = activeKeyring();
  const keys = [...ring.keys].map(([id, k]) => macKey(id, k));
  return terms.map((t) => keys.map((k) => mac(k, t)));
}
