import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// RFC 6238 TOTP over HMAC-SHA1 with 30-second steps and 6 digits: what every authenticator app
// understands. Implemented here (30 lines) rather than as a dependency.
const STEP_SECONDS = 30;
const DIGITS = 6;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Encodes bytes as RFC 4648 base32 without padding (how authenticator apps take secrets). */
export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes RFC 4648 base32 (case-insensitive, spaces and padding ignored). */
export function base32Decode(s: string): Buffer {
  const clean = s.toUpperCase().replace(/[\s=]/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error("invalid base32");
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit TOTP secret, base32 (ASVS 5.0 V6.5.x: at least 128 bits of entropy). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The time step a moment falls in. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / STEP_SECONDS);
}

/** The code for a secret at a time step (RFC 4226 dynamic truncation). */
export function totpCode(secretB32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secretB32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(bin).padStart(DIGITS, "0");
}

/**
 * Checks a code against the current step and one step either side (clock drift), and only for
 * steps after the last accepted one, so a code is never accepted twice (ASVS 5.0 V6.5.1).
 * @returns the step that matched, or undefined.
 */
export function verifyTotp(secretB32: string, code: string, nowMs: number, lastStep: number | null): number | undefined {
  const given = Buffer.from(code.replace(/\s/g, ""));
  if (given.length !== DIGITS) return undefined;
  const now = totpStep(nowMs);
  for (const step of [now - 1, now, now + 1]) {
    if (lastStep !== null && step <= lastStep) continue;
    if (timingSafeEqual(given, Buffer.from(totpCode(secretB32, step)))) return step;
  }
  return undefined;
}

/** The otpauth:// URI an authenticator app imports (shown as text; no third-party QR service). */
export function totpUri(secretB32: string, account: string, issuer = "Sabt"): string {
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${secretB32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${STEP_SECONDS}`;
}
