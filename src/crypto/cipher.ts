import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SabtError } from "../shared/errors.ts";
import type { Keyring } from "./keyring.ts";

// Format: sabt:1:<keyId>:<iv>:<ciphertext>:<tag>, base64url parts. The key id travels with the
// ciphertext so that values sealed before a rotation still open (ASVS 5.0 V11.2.2 crypto agility).
const PREFIX = "sabt:1:";

/** True when the string is a value sealed by `seal`. */
export function isSealed(s: unknown): s is string {
  return typeof s === "string" && s.startsWith(PREFIX);
}

/** The id of the key a sealed value was encrypted with. */
export function sealedKeyId(sealed: string): string {
  return sealed.slice(PREFIX.length).split(":", 1)[0] ?? "";
}

/**
 * Encrypts text with the keyring's primary key: AES-256-GCM with a fresh 96-bit nonce and the
 * caller's associated data (ASVS 5.0 V11.3.2 approved authenticated encryption). The associated
 * data binds the ciphertext to its row, so a sealed value copied onto another row does not open.
 */
export function seal(keyring: Keyring, plaintext: string, aad: string): string {
  const key = keyring.keys.get(keyring.primaryId);
  if (!key) throw new SabtError("internal", "the primary encryption key is missing");
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, iv);
  c.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  const tag = c.getAuthTag();
  return `${PREFIX}${keyring.primaryId}:${iv.toString("base64url")}:${ct.toString("base64url")}:${tag.toString("base64url")}`;
}

/**
 * Decrypts a sealed value; fails closed (throws) when the key is unknown or the value or its
 * associated data was altered.
 * @throws SabtError integrity_failed when the value does not open.
 */
export function openSealed(keyring: Keyring, sealed: string, aad: string): string {
  const parts = sealed.slice(PREFIX.length).split(":");
  const [keyId, ivB, ctB, tagB] = parts;
  if (!isSealed(sealed) || parts.length !== 4 || !keyId || ivB === undefined || ctB === undefined || tagB === undefined) {
    throw new SabtError("integrity_failed", "a sealed value is malformed");
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw new SabtError("integrity_failed", `encryption key ${keyId} is not loaded; add it to the key file or SABT_ENCRYPTION_KEY`);
  try {
    const d = createDecipheriv("aes-256-gcm", key, Buffer.from(ivB, "base64url"));
    d.setAAD(Buffer.from(aad, "utf8"));
    d.setAuthTag(Buffer.from(tagB, "base64url"));
    return Buffer.concat([d.update(Buffer.from(ctB, "base64url")), d.final()]).toString("utf8");
  } catch {
    throw new SabtError("integrity_failed", "a sealed value failed its integrity check");
  }
}
