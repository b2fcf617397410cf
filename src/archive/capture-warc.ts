import type { Request, Response } from "playwright-core";
import { packageVersion, SABT_VERSION } from "./tool-version.ts";
import { httpMessage, newRecordId, warcFields, warcRecord } from "./warc.ts";

/** One request the page made, its response (if any) and the body the browser received. */
export interface Exchange {
  request: Request;
  response: Response | null;
  at: Date;
  body: Buffer | null;
  truncated: boolean;
}

/**
 * Writes the WARC 1.1 of a capture: a warcinfo record, then for every exchange a response record
 * (status line, headers, body as received) and the request record it is concurrent to; requests
 * that failed are kept as request records with the failure noted.
 */
export async function buildCaptureWarc(
  exchanges: Exchange[],
  info: { url: string; startedAt: Date; browser: string; userAgent: string },
): Promise<Buffer> {
  const parts: Buffer[] = [
    warcRecord({
      type: "warcinfo",
      date: info.startedAt,
      contentType: "application/warc-fields",
      block: warcFields({
        software: `sabt ${SABT_VERSION} (playwright-core ${packageVersion("playwright-core")}; ${info.browser})`,
        format: "WARC File Format 1.1",
        conformsTo: "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "http-header-user-agent": info.userAgent,
        description: `Browser capture of ${info.url}. Response bodies are as decoded by the browser; original encodings are kept as X-Sabt-Orig-* headers.`,
      }),
      fields: { "WARC-Filename": "capture.warc" },
    }),
  ];
  for (const ex of exchanges) {
    const req = ex.request;
    const u = new URL(req.url());
    if (u.protocol !== "http:" && u.protocol !== "https:") continue;
    const reqHeaders = await req.headersArray().catch(() => []);
    const reqBody = req.postDataBuffer() ?? Buffer.alloc(0);
    const requestId = newRecordId();
    const hasHost = reqHeaders.some((h) => h.name.toLowerCase() === "host");
    const requestBlock = httpMessage(
      `${req.method()} ${u.pathname}${u.search} HTTP/1.1`,
      hasHost ? reqHeaders : [{ name: "Host", value: u.host }, ...reqHeaders],
      reqBody,
      false,
    );
    const res = ex.response;
    if (!res) {
      parts.push(
        warcRecord({
          type: "request",
          targetUri: req.url(),
          date: ex.at,
          contentType: "application/http;msgtype=request",
          block: requestBlock,
          recordId: requestId,
          fields: { "WARC-Sabt-Failure": req.failure()?.errorText ?? "no response" },
        }),
      );
      continue;
    }
    const resHeaders = await res.headersArray().catch(() => []);
    const body = ex.body ?? Buffer.alloc(0);
    const addr = await res.serverAddr().catch(() => null);
    const sec = await res.securityDetails().catch(() => null);
    const block = httpMessage(`HTTP/1.1 ${res.status()} ${res.statusText() || "-"}`, resHeaders, body, true);
    parts.push(
      warcRecord({
        type: "response",
        targetUri: req.url(),
        date: ex.at,
        contentType: "application/http;msgtype=response",
        block,
        payload: body,
        fields: {
          "WARC-Concurrent-To": requestId,
          "WARC-IP-Address": addr?.ipAddress,
          "WARC-Protocol": sec?.protocol ? sec.protocol.toLowerCase().replace(" ", "/") : undefined,
          "WARC-Truncated": ex.truncated ? "length" : undefined,
        },
      }),
      warcRecord({
        type: "request",
        targetUri: req.url(),
        date: ex.at,
        contentType: "application/http;msgtype=request",
        block: requestBlock,
        recordId: requestId,
      }),
    );
  }
  return Buffer.concat(parts);
}
