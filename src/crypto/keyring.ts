import { createHash, randomBytes } from "node:crypto";
import { SabtError } from "../shared/errors.ts";

/** The encryption keys Sabt holds in memory: every known key by id, and the one new values use. */
export interface Keyring {
  readonly primaryId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** One key as stored in the key file. */
export interface StoredKey {
  id: string;
  /** 32 random bytes, base64. */
  key: string;
  createdAt: string;
}

/** The key file's JSON form. Old keys stay listed so values sealed with them still open. */
export interface KeyFile {
  version: 1;
  primary: string;
  keys: StoredKey[];
}

/** A new random 256-bit key with a random id. */
export function generateKey(now = new Date()): StoredKey {
  return { id: `k${randomBytes(6).toString("hex")}`, key: randomBytes(32).toString("base64"), createdAt: now.toISOString() };
}

function decodeKey(id: string, b64: string): Buffer {
  const key = Buffer.from(b64, "base64");
  if (key.length !== 32) throw new SabtError("validation_failed", `encryption key ${id}: must be 32 bytes (base64)`);
  return key;
}

/** Builds a keyring from a parsed key file. */
export function keyringFromFile(file: KeyFile): Keyring {
  if (file.version !== 1 || !Array.isArray(file.keys)) throw new SabtError("validation_failed", "key file: unknown format");
  const keys = new Map(file.keys.map((k) => [k.id, decodeKey(k.id, k.key)] as const));
  if (!keys.has(file.primary)) throw new SabtError("validation_failed", "key file: the primary key is not listed");
  return Object.freeze({ primaryId: file.primary, keys });
}

/**
 * Parses `SABT_ENCRYPTION_KEY`: either one base64 key, or `id:base64` pairs separated by commas
 * (the first is the primary; the others are older keys kept for reading).
 * @example keyringFromEnv("k1:" + randomBytes(32).toString("base64"))
 */
export function keyringFromEnv(value: string): Keyring {
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.indexOf(":");
      if (i < 0) return [`env${createHash("sha256").update(part).digest("hex").slice(0, 10)}`, part] as const;
      return [part.slice(0, i), part.slice(i + 1)] as const;
    });
  const first = entries[0];
  if (!first) throw new SabtError("validation_failed", "SABT_ENCRYPTION_KEY: empty");
  return Object.freeze({ primaryId: first[0], keys: new Map(entries.map(([id, b64]) => [id, decodeKey(id, b64)] as const)) });
}
