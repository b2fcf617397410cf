import { timingSafeEqual } from "node:crypto";
import { derivedKey, keyedDigest } from "./derived-key.ts";
import { activeKeyring } from "./registry.ts";

/*
 * Keyed digests of record content, for the commitments `sabt verify` checks (audit/commitment.ts).
 * Keyed rather than plain SHA-256 because the content includes values that are, or may later
 * become, confidential: a plain hash of a snapshot whose every other field the database shows
 * would let anyone holding the database confirm a guessed name. A separate key is derived for
 * this purpose (the sealing key is never used twice), and the tag names the key it was made with,
 * so tags made before a key rotation still check: old keys stay in the key file to open history.
 */
const INFO = "sabt integrity tag v1";

const tagKey = (keyId: string) => derivedKey(keyId, INFO);
const mac = (key: Buffer, text: string) => keyedDigest(key, text).toString("base64url");

/** The keyed digest of `text` under the primary key, as `<keyId>:<mac>`. */
export function integrityTag(text: string): string {
  const ring = activeKeyring();
  return `${ring.primaryId}:${mac(tagKey(ring.primaryId)!, text)}`;
}

/**
 * Checks a tag made by `integrityTag`: "ok", "mismatch", or "unknown_key" when the key it names
 * is not loaded (the check cannot be made, which is not the same as a mismatch).
 */
export function checkIntegrityTag(text: string, tag: string): "ok" | "mismatch" | "unknown_key" {
  const at = tag.lastIndexOf(":");
  const key = at > 0 ? tagKey(tag.slice(0, at)) : undefined;
  if (!key) return "unknown_key";
  const want = Buffer.from(mac(key, text));
  const got = Buffer.from(tag.slice(at + 1));
  return want.length === got.length && timingSafeEqual(want, got) ? "ok" : "mismatch";
}
