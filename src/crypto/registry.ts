import { SabtError } from "../shared/errors.ts";
import type { Keyring } from "./keyring.ts";

// The process-wide keyring. Repositories that seal rows (claims, TOTP secrets) are called from
// many places with only a transaction in hand, so the keyring is installed once where the
// database is opened rather than threaded through every call. Keys from several installs are
// merged (tests open more than one database per process); the last install's primary wins.
let keys = new Map<string, Buffer>();
let primaryId: string | undefined;

/** Makes a keyring's keys available to the sealing hooks; its primary key seals new values. */
export function installKeyring(k: Keyring): void {
  keys = new Map([...keys, ...k.keys]);
  primaryId = k.primaryId;
}

/**
 * The installed keyring.
 * @throws SabtError internal when none is installed: Sabt fails closed rather than store plaintext.
 */
export function activeKeyring(): Keyring {
  if (!primaryId) throw new SabtError("internal", "no encryption key is loaded (openDatabase installs it)");
  return { primaryId, keys };
}

/** True once a keyring is installed. */
export function hasKeyring(): boolean {
  return primaryId !== undefined;
}
