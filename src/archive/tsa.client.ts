import { SabtError } from "../shared/errors.ts";
import { buildTimestampRequest, newNonce, readTimestampToken, tokenFromResponse } from "./tsa.token.ts";

/** Largest TSA reply accepted (tokens are a few KiB; the cap stops a hostile server). */
const MAX_REPLY = 1024 * 1024;

/**
 * Requests an RFC 3161 timestamp over a SHA-256 digest from one TSA (HTTP POST of a
 * `application/timestamp-query`), and checks that the token answers this request (imprint, nonce).
 * @returns the DER TimeStampToken.
 * @throws SabtError integrity_failed when the TSA refuses or answers for another request.
 */
export async function requestTimestamp(
  tsaUrl: string,
  sha256Hex: string,
  options: { timeoutMs?: number } = {},
): Promise<Uint8Array> {
  const nonce = newNonce();
  const body = buildTimestampRequest(sha256Hex, nonce);
  const res = await fetch(tsaUrl, {
    method: "POST",
    headers: { "content-type": "application/timestamp-query", accept: "application/timestamp-reply" },
    body: new Blob([new Uint8Array(body)]),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const reply = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new SabtError("integrity_failed", `the TSA answered HTTP ${res.status}`);
  if (reply.length > MAX_REPLY) throw new SabtError("integrity_failed", "the TSA reply is too large");
  const token = tokenFromResponse(reply);
  const info = readTimestampToken(token);
  if (info.messageImprint !== sha256Hex) {
    throw new SabtError("integrity_failed", "the TSA timestamped a different hash");
  }
  if (
    info.nonce !== null &&
    BigInt("0x" + info.nonce) !== BigInt("0x" + Buffer.from(nonce).toString("hex"))
  ) {
    throw new SabtError("integrity_failed", "the TSA reply does not carry our nonce (replayed?)");
  }
  return token;
}
