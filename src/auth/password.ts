import { hash, verify } from "@node-rs/argon2";
import { validationError } from "../shared/errors.ts";

/**
 * argon2id with 19 MiB of memory, 2 passes and 1 lane: the OWASP minimum configuration that
 * ASVS 5.0 V11.4.2 points to. Raising these later is safe: `needsRehash` upgrades old hashes at
 * the next sign-in.
 */
// `algorithm: 2` is Algorithm.Argon2id, an ambient const enum that verbatimModuleSyntax cannot import.
export const ARGON2_PARAMS = Object.freeze({ algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

/** Hashes a password with argon2id (a PHC string with its own random salt). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** True when the password matches the stored hash; false for any malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker parameters than today's. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < ARGON2_PARAMS.memoryCost || Number(m[2]) < ARGON2_PARAMS.timeCost;
}

// A hash of a random password, verified against when the account does not exist, so that the
// answer takes as long for unknown accounts as for known ones (ASVS 5.0 V6.3.8, no enumeration).
let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real verification, for unknown accounts. */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummyHash, password);
  return false;
}

/**
 * Checks a new password: at least 12 characters and at most 128, any characters allowed, no
 * composition rules (ASVS 5.0 V6.2.1, V6.2.5, V6.2.9).
 * @throws SabtError validation_failed when too short or too long.
 */
export function checkNewPassword(password: string, context: readonly string[] = []): void {
  const length = [...password].length;
  if (length < 12) throw validationError("password: at least 12 characters");
  if (length > 128) throw validationError("password: at most 128 characters");
  const lower = password.toLowerCase();
  // A password equal to the account's e-mail or name is the first thing an attacker tries (V6.2.11).
  if (context.some((c) => c.length > 0 && lower === c.toLowerCase())) throw validationError("password: must not be your e-mail address or name");
}
