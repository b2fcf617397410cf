import { derivedKey, keyedDigest } from "./derived-key.ts";
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

// A separate key for MACs: the sealing key itself is never used for two purposes.
const macKey = (keyId: string) => derivedKey(keyId, INFO)!;
const mac = (key: Buffer, term: string) => keyedDigest(key, term).subarray(0, 16).toString("base64url");

/** The MACs of a confidential claim's search terms under the primary key (the key that seals new values). */
export function sealedTermMacs(terms: readonly string[]): string[] {
  const ring = activeKeyring();
  const key = macKey(ring.primaryId);
  return [...new Set(terms)].map((t) => mac(key, t));
}

/**
 * For each query term, its MACs under every known key: claims sealed before a key rotation
 * finished carry MACs of the older key.
 */
export function queryTermMacs(terms: readonly string[]): string[][] {
  const ring = activeKeyring();
  const keys = [...ring.keys.keys()].map((id) => macKey(id));
  return terms.map((t) => keys.map((k) => mac(k, t)));
}
