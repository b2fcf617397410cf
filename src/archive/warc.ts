import { createHash, randomUUID } from "node:crypto";

/** One WARC record to write: its type, named fields and content block. */
export interface WarcRecordInput {
  type: "warcinfo" | "request" | "response" | "resource" | "metadata";
  targetUri?: string;
  date: Date;
  contentType: string;
  block: Uint8Array;
  /** For response records: the HTTP payload (body), digested separately as WARC-Payload-Digest. */
  payload?: Uint8Array;
  fields?: Record<string, string | undefined>;
  recordId?: string;
}

/** A WARC record read back: fields, and where its block lies in the file. */
export interface WarcRecord {
  offset: number;
  length: number;
  fields: Record<string, string>;
  block: Buffer;
}

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (the WARC convention for labelled digests, e.g. `sha256:…`). */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** A labelled SHA-256 digest in WARC form. */
export function warcDigest(data: Uint8Array): string {
  return `sha256:${base32(createHash("sha256").update(data).digest())}`;
}

/** A new WARC record id. */
export function newRecordId(): string {
  return `<urn:uuid:${randomUUID()}>`;
}

/**
 * Serializes one WARC/1.1 record: version line, named fields (CRLF), blank line, block, CRLF CRLF.
 * Field values are stripped of CR/LF, so page-controlled text cannot inject fields.
 */
export function warcRecord(r: WarcRecordInput): Buffer {
  const fields: [string, string][] = [
    ["WARC-Type", r.type],
    ["WARC-Record-ID", r.recordId ?? newRecordId()],
    ["WARC-Date", r.date.toISOString()],
  ];
  if (r.targetUri) fields.push(["WARC-Target-URI", r.targetUri]);
  for (const [k, v] of Object.entries(r.fields ?? {})) if (v !== undefined) fields.push([k, v]);
  fields.push(["WARC-Block-Digest", warcDigest(r.block)]);
  if (r.payload) fields.push(["WARC-Payload-Digest", warcDigest(r.payload)]);
  fields.push(["Content-Type", r.contentType], ["Content-Length", String(r.block.length)]);
  const head =
    "WARC/1.1\r\n" + fields.map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, " ")}\r\n`).join("") + "\r\n";
  return Buffer.concat([Buffer.from(head, "utf8"), r.block, Buffer.from("\r\n\r\n")]);
}

/** The `application/warc-fields` block of a warcinfo or metadata record. */
export function warcFields(fields: Record<string, string | undefined>): Buffer {
  return Buffer.from(
    Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}: ${v!.replace(/[\r\n]+/g, " ")}\r\n`)
      .join(""),
    "utf8",
  );
}

/**
 * Builds an HTTP/1.1-style message (start line, headers, blank line, body) as stored in request
 * and response records. The browser gives decoded bodies, so transfer and content encodings are
 * removed from the headers (kept as X-Sabt-Orig-* for the record) and Content-Length is set to
 * the stored body: the record then replays exactly what was archived.
 */
export function httpMessage(
  startLine: string,
  headers: readonly { name: string; value: string }[],
  body: Uint8Array,
  isResponse: boolean,
): Buffer {
  const lines = [startLine];
  for (const h of headers) {
    const name = h.name.replace(/[\r\n:]+/g, "");
    const value = h.value.replace(/[\r\n]+/g, " ");
    const lower = name.toLowerCase();
    if (
      isResponse &&
      (lower === "content-encoding" || lower === "transfer-encoding" || lower === "content-length")
    ) {
      lines.push(`X-Sabt-Orig-${name}: ${value}`);
      continue;
    }
    lines.push(`${name}: ${value}`);
  }
  if (isResponse || body.length > 0) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(lines.join("\r\n") + "\r\n\r\n", "utf8"), body]);
}

/** Reads the records of an uncompressed WARC file, with offsets (for CDXJ indexes and tests). */
export function parseWarc(data: Buffer): WarcRecord[] {
  const out: WarcRecord[] = [];
  let p = 0;
  while (p < data.length) {
    const headEnd = data.indexOf("\r\n\r\n", p);
    if (headEnd < 0 || !data.subarray(p, p + 5).equals(Buffer.from("WARC/"))) {
      throw new Error(`not a WARC record at offset ${p}`);
    }
    const fields: Record<string, string> = {};
    for (const line of data.toString("utf8", p, headEnd).split("\r\n").slice(1)) {
      const i = line.indexOf(":");
      if (i > 0) fields[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    const len = Number(fields["Content-Length"]);
    if (!Number.isInteger(len) || len < 0) throw new Error(`record at ${p} has no Content-Length`);
    const blockStart = headEnd + 4;
    const end = blockStart + len + 4;
    out.push({ offset: p, length: end - p, fields, block: data.subarray(blockStart, blockStart + len) });
    p = end;
  }
  return out;
}

/** Splits an HTTP message block into its start line, headers and body. */
export function parseHttpMessage(block: Buffer): {
  startLine: string;
  headers: [string, string][];
  body: Buffer;
} {
  const end = block.indexOf("\r\n\r\n");
  const head = block.toString("utf8", 0, end < 0 ? block.length : end).split("\r\n");
  const headers = head.slice(1).map((l) => {
    const i = l.indexOf(":");
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()] as [string, string];
  });
  return { startLine: head[0] ?? "", headers, body: end < 0 ? Buffer.alloc(0) : block.subarray(end + 4) };
}
