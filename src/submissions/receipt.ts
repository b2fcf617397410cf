/**
 * Receipt codes: what a submitter keeps to check the status later. Random (100 bits), shown once,
 * stored only as a SHA-256, and written in Latin letters and digits (Crockford's base 32, no I, L,
 * O or U) so that a code read aloud or typed on a Persian keyboard still matches.
 */
import { createHash, randomBytes } from "node:crypto";
import { toAsciiDigits } from "../dates/index.ts";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 20;

/** A new receipt code, grouped by five: `7K3QD-…`. */
export function newReceiptCode(): string {
  const bytes = randomBytes(LENGTH);
  let out = "";
  // 256 is a multiple of 32: taking each byte modulo 32 keeps every letter equally likely.
  for (let i = 0; i < LENGTH; i++) out += ALPHABET[bytes[i]! % 32];
  return out.match(/.{5}/g)!.join("-");
}

/**
 * A typed code in its canonical form: Persian or Arabic digits as Latin ones, case and separators
 * ignored, the letters people confuse with digits read as those digits. Undefined when it cannot
 * be a code.
 */
export function normalizeReceiptCode(typed: string): string | undefined {
  const s = toAsciiDigits(typed.normalize("NFKC"))
    .toUpperCase()
    .replace(/[\s\-_.]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (s.length !== LENGTH || [...s].some((ch) => !ALPHABET.includes(ch))) return undefined;
  return s;
}

/** The stored form of a code: the SHA-256 of its canonical form (as `normalizeReceiptCode` gives it). */
export function receiptHash(canonical: string): string {
  return createHash("sha256").update(`sabt receipt v1:${canonical}`).digest("hex");
}
