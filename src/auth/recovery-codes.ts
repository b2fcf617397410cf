import { createHash, randomBytes } from "node:crypto";
import { base32Encode } from "./totp.ts";

/** How many recovery codes a member gets at a time. */
export const RECOVERY_CODE_COUNT = 10;

/**
 * New recovery codes: 120 random bits each, shown once in groups of four (ASVS 5.0 V6.5.2:
 * enough entropy that a fast hash is a safe way to store them).
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    base32Encode(randomBytes(15))
      .slice(0, 24)
      .match(/.{4}/g)!
      .join("-"),
  );
}

/** The stored form of a recovery code: SHA-256 of its normalized text. */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.toUpperCase().replace(/[^A-Z2-7]/g, "")).digest("hex");
}
