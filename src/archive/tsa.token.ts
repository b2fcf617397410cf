import { createHash, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { SabtError } from "../shared/errors.ts";

// pkijs needs a WebCrypto engine; Node's is used explicitly rather than whatever global it guesses.
pkijs.setEngine("node", new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }));

const SHA256_OID = "2.16.840.1.101.3.4.2.1";
const TSTINFO_OID = "1.2.840.113549.1.9.16.1.4";
const SIGNED_DATA_OID = "1.2.840.113549.1.7.2";
const EKU_OID = "2.5.29.37";
const TIMESTAMPING_EKU = "1.3.6.1.5.5.7.3.8";

/** The facts a timestamp token attests, read from its TSTInfo. */
export interface TimestampInfo {
  genTime: Date;
  serial: string;
  policy: string;
  hashAlgorithm: string;
  messageImprint: string;
  nonce: string | null;
}

/** The outcome of verifying a token offline. */
export interface TimestampVerification extends Partial<TimestampInfo> {
  ok: boolean;
  /** The signer certificate chains to one of the given trust anchors. */
  chainTrusted: boolean;
  signerSubject: string | null;
  problems: string[];
}

const toHex = (b: ArrayBuffer | Uint8Array) =>
  Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString("hex");
const ab = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * Builds a DER TimeStampReq (RFC 3161 §2.4.1) for a SHA-256 digest, asking for the TSA's
 * certificate so the token can be verified offline later.
 */
export function buildTimestampRequest(sha256Hex: string, nonce: Uint8Array): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_OID }),
      hashedMessage: new asn1js.OctetString({ valueHex: ab(Buffer.from(sha256Hex, "hex")) }),
    }),
    certReq: true,
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

function parseSignedData(tokenDer: Uint8Array): pkijs.SignedData {
  const asn = asn1js.fromBER(ab(tokenDer));
  if (asn.offset === -1) throw new SabtError("integrity_failed", "timestamp token is not valid DER");
  const ci = new pkijs.ContentInfo({ schema: asn.result });
  if (ci.contentType !== SIGNED_DATA_OID) {
    throw new SabtError("integrity_failed", "timestamp token is not CMS SignedData");
  }
  return new pkijs.SignedData({ schema: ci.content });
}

/** Reads the TSTInfo of a TimeStampToken (DER ContentInfo) without checking anything. */
export function readTimestampToken(tokenDer: Uint8Array): TimestampInfo {
  const sd = parseSignedData(tokenDer);
  if (sd.encapContentInfo.eContentType !== TSTINFO_OID || !sd.encapContentInfo.eContent) {
    throw new SabtError("integrity_failed", "timestamp token does not contain a TSTInfo");
  }
  const tst = pkijs.TSTInfo.fromBER(sd.encapContentInfo.eContent.getValue());
  return {
    genTime: tst.genTime,
    serial: BigInt("0x" + (toHex(tst.serialNumber.valueBlock.valueHexView) || "0")).toString(),
    policy: tst.policy,
    hashAlgorithm:
      tst.messageImprint.hashAlgorithm.algorithmId === SHA256_OID
        ? "sha256"
        : tst.messageImprint.hashAlgorithm.algorithmId,
    messageImprint: toHex(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
    nonce: tst.nonce ? toHex(tst.nonce.valueBlock.valueHexView) : null,
  };
}

/**
 * Extracts the TimeStampToken from a DER TimeStampResp, refusing rejected requests.
 * @throws SabtError integrity_failed when the TSA refused or answered garbage.
 */
export function tokenFromResponse(respDer: Uint8Array): Uint8Array {
  const asn = asn1js.fromBER(ab(respDer));
  if (asn.offset === -1) throw new SabtError("integrity_failed", "timestamp response is not valid DER");
  const resp = new pkijs.TimeStampResp({ schema: asn.result });
  const status = resp.status.status;
  if (
    (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) ||
    !resp.timeStampToken
  ) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join("; ") ?? "";
    throw new SabtError(
      "integrity_failed",
      `the TSA refused the request (status ${status}${text ? `: ${text}` : ""})`,
    );
  }
  return new Uint8Array(resp.timeStampToken.toSchema().toBER(false));
}

/** Parses PEM certificates (one or more concatenated) into pkijs certificates. */
export function parsePemCertificates(pem: string): pkijs.Certificate[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) =>
    pkijs.Certificate.fromBER(ab(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"))),
  );
}

/**
 * Verifies a timestamp token offline: the message imprint equals the item's SHA-256, the CMS
 * signature over the TSTInfo verifies with the embedded signer certificate, that certificate is
 * marked for time stamping, and (when trust anchors are given) chains to one of them.
 * @example const v = await verifyTimestampToken(token, item.sha256, { trustedPem: fs.readFileSync("tsa-ca.pem", "utf8") });
 */
export async function verifyTimestampToken(
  tokenDer: Uint8Array,
  sha256Hex: string,
  options: { trustedPem?: string | undefined } = {},
): Promise<TimestampVerification> {
  const problems: string[] = [];
  let info: TimestampInfo;
  let sd: pkijs.SignedData;
  try {
    sd = parseSignedData(tokenDer);
    info = readTimestampToken(tokenDer);
  } catch (e) {
    return { ok: false, chainTrusted: false, signerSubject: null, problems: [(e as Error).message] };
  }
  if (info.hashAlgorithm !== "sha256") {
    problems.push(`imprint algorithm ${info.hashAlgorithm} is not SHA-256`);
  }
  if (info.messageImprint !== sha256Hex.toLowerCase()) {
    problems.push("the token's message imprint is not this item's SHA-256");
  }

  const trusted = options.trustedPem ? parsePemCertificates(options.trustedPem) : [];
  let signer: pkijs.Certificate | undefined;
  try {
    // pkijs treats a TSTInfo specially and wants the whole timestamped file to re-hash; the
    // imprint was already compared with the item's recorded SHA-256 above, so verify the CMS
    // signature as plain signed content: the signed attributes (content type, message digest
    // of the TSTInfo) are what the signature covers either way.
    sd.encapContentInfo.eContentType = "1.2.840.113549.1.7.1";
    const r = await sd.verify({ signer: 0, checkChain: false, extendedMode: true });
    sd.encapContentInfo.eContentType = TSTINFO_OID;
    if (r.signatureVerified !== true) problems.push(`the TSA signature does not verify (${r.message})`);
    signer = r.signerCertificate ?? undefined;
  } catch (e) {
    problems.push(`the TSA signature does not verify (${(e as { message?: string }).message ?? String(e)})`);
  }
  if (signer) {
    const eku = signer.extensions?.find((x) => x.extnID === EKU_OID);
    const purposes = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
    if (!purposes.includes(TIMESTAMPING_EKU)) {
      problems.push("the signer certificate is not marked for time stamping");
    }
  }
  let chainTrusted = false;
  if (trusted.length > 0 && signer) {
    try {
      const engine = new pkijs.CertificateChainValidationEngine({
        trustedCerts: trusted,
        certs: [
          ...(sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate),
        ],
        checkDate: info.genTime,
      });
      const chain = await engine.verify();
      chainTrusted = chain.result;
      if (!chainTrusted) {
        problems.push(`the TSA certificate does not chain to a trusted anchor (${chain.resultMessage})`);
      }
    } catch (e) {
      problems.push(
        `chain check failed: ${(e as { resultMessage?: string; message?: string }).resultMessage ?? (e as Error).message}`,
      );
    }
  }
  return {
    ok: problems.length === 0,
    chainTrusted,
    signerSubject: signer
      ? signer.subject.typesAndValues.map((t) => `${t.type}=${String(t.value.valueBlock.value)}`).join(", ")
      : null,
    problems,
    ...info,
  };
}

/** A fresh random nonce for a request. */
export function newNonce(): Uint8Array {
  // The nonce is a DER INTEGER: the high bit cleared keeps it positive, and a non-zero first
  // byte keeps its encoding minimal. A leading zero byte (1 draw in 256) is illegal padding in
  // DER, and OpenSSL-based authorities refuse such a request as malformed.
  const n = new Uint8Array(
    createHash("sha256")
      .update(webcrypto.getRandomValues(new Uint8Array(32)))
      .digest()
      .subarray(0, 8),
  );
  n[0] = (n[0]! & 0x7f) | 0x40;
  return n;
}
