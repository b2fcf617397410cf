import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import { getArchiveItem } from "./archive.service.ts";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { captureUrl, type CaptureResult } from "./capture.ts";
import { ingestCapture } from "./capture.service.ts";
import { getCustodyLog } from "./custody.service.ts";
import { openTestArchive } from "../../test/archive.ts";
import { parseHttpMessage, parseWarc } from "./warc.ts";
import { writeWacz } from "./wacz.ts";

// A fictional Persian news page, served by this test on 127.0.0.1 (no other network is used).
const PAGE = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>گزارش ساختگی</title>
<link rel="stylesheet" href="/style.css"></head><body><header>منوی سایت</header><article><h1>گزارش ساختگی درباره بازداشت‌ها</h1>
<p>این یک گزارش کاملاً ساختگی برای آزمایش است. در این گزارش از بازداشت گروهی از دانشجویان در شهر تهران سخن گفته می‌شود که هیچ‌کدام وجود خارجی ندارند.</p>
<p>خانواده‌ها می‌گویند که آنها را به زندان بردند و تا امروز خبری از آنها نیست. این متن فقط برای آزمودن سامانه ثبت نوشته شده است و هیچ شخص واقعی در آن نیست.</p>
<p>گزارشگران این سامانه باید بتوانند متن اصلی را از صفحه جدا کنند و زبان آن را فارسی تشخیص دهند.</p>
<img src="/pixel.png" alt="تصویر"></article><script>document.title = document.title + " ·";</script></body></html>`;
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

let db: Db;
let store: BlobStore;
let dir: string;
let close: () => Promise<void>;
let server: http.Server;
let url: string;
let capture: CaptureResult;

beforeAll(async () => {
  ({ db, store, dir, close } = await openTestArchive());
  server = http.createServer((req, res) => {
    if (req.url === "/style.css") {
      res.writeHead(200, { "content-type": "text/css" }).end("body{font-family:sans-serif}");
    } else if (req.url === "/pixel.png") res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    else if (req.url === "/report") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "x-test-header": "sabt" }).end(PAGE);
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`;
  capture = await captureUrl(url, { allowPrivateNetwork: true, timeoutMs: 60_000 });
}, 180_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await close();
});

describe("web capture", () => {
  it("writes a WARC 1.1 holding the page's request and response", () => {
    const records = parseWarc(capture.warc);
    expect(records[0]!.fields["WARC-Type"]).toBe("warcinfo");
    const page = records.find(
      (r) => r.fields["WARC-Type"] === "response" && r.fields["WARC-Target-URI"] === url,
    );
    expect(page).toBeDefined();
    const http = parseHttpMessage(page!.block);
    expect(http.startLine).toMatch(/^HTTP\/1\.1 200/);
    expect(http.headers).toContainEqual(["x-test-header", "sabt"]);
    expect(http.body.toString("utf8")).toBe(PAGE);
    expect(page!.fields["WARC-Payload-Digest"]).toMatch(/^sha256:[A-Z2-7]+$/);
    expect(page!.fields["WARC-IP-Address"]).toBe("127.0.0.1");
    expect(
      records.some(
        (r) =>
          r.fields["WARC-Type"] === "request" &&
          r.fields["WARC-Record-ID"] === page!.fields["WARC-Concurrent-To"],
      ),
    ).toBe(true);
    const image = records.find(
      (r) => r.fields["WARC-Target-URI"]?.endsWith("/pixel.png") && r.fields["WARC-Type"] === "response",
    );
    expect(parseHttpMessage(image!.block).body.equals(PNG)).toBe(true);
  });

  it("takes a PNG screenshot and a PDF print, and keeps the final HTML", () => {
    expect(
      capture.screenshot.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).toBe(true);
    expect(capture.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(capture.html).toContain("گزارش ساختگی درباره بازداشت‌ها");
    expect(capture.title).toBe("گزارش ساختگی ·");
    expect(capture.status).toBe(200);
    expect(capture.headers).toContainEqual({ name: "x-test-header", value: "sabt" });
  });

  it("extracts the main text and detects Persian", () => {
    expect(capture.text).toContain("این یک گزارش کاملاً ساختگی برای آزمایش است");
    expect(capture.text).not.toContain("document.title");
    expect(capture.language.language).toBe("fa");
  });

  it("archives the capture with linked artifacts and exports a WACZ", async () => {
    const result = await ingestCapture(db, store, capture, "test:alice");
    expect(result.artifacts.map((a) => a.kind)).toEqual(["warc", "screenshot", "pdf", "html", "text"]);
    const item = await getArchiveItem(db, result.id);
    expect(item.kind).toBe("web_capture");
    expect(item.mediaType).toBe("application/warc");
    expect(item.sourceUrl).toBe(url);
    expect(item.metadata).toMatchObject({
      capture: {
        status: 200,
        language: { language: "fa" },
        remoteAddress: expect.stringMatching(/^127\.0\.0\.1:/),
      },
    });
    const html = await getArchiveItem(db, result.artifacts.find((a) => a.kind === "html")!.itemId);
    expect(html).toMatchObject({ originalId: result.id, derivation: "html", mediaType: "text/html" });
    expect(html.hazards).toContain("active_content");
    expect((await readBlob(store, item.sha256)).equals(capture.warc)).toBe(true);
    expect((await getCustodyLog(db, result.id)).map((e) => e.action)).toEqual([
      "ingested",
      "derived",
      "derived",
      "derived",
      "derived",
    ]);

    const out = path.join(dir, "capture.wacz");
    await writeWacz(db, store, result.id, out, "test:alice");
    const files = unzipSync(fs.readFileSync(out));
    expect(Object.keys(files).sort()).toEqual([
      "archive/data.warc",
      "datapackage-digest.json",
      "datapackage.json",
      "indexes/index.cdxj",
      "pages/pages.jsonl",
    ]);
    expect(Buffer.from(files["archive/data.warc"]!).equals(capture.warc)).toBe(true);
    const cdxj = Buffer.from(files["indexes/index.cdxj"]!).toString();
    const line = cdxj.split("\n").find((l) => l.includes('"url":"' + url + '"'))!;
    const { offset, length } = JSON.parse(line.slice(line.indexOf("{"))) as {
      offset: number;
      length: number;
    };
    expect(capture.warc.subarray(offset, offset + length).toString("latin1")).toMatch(
      /^WARC\/1\.1\r\nWARC-Type: response/,
    );
  });

  it("refuses private addresses unless allowed", async () => {
    await expect(captureUrl(url)).rejects.toMatchObject({ id: "validation_failed" });
    await expect(captureUrl("file:///etc/passwd", { allowPrivateNetwork: true })).rejects.toMatchObject({
      id: "validation_failed",
    });
  });
});
