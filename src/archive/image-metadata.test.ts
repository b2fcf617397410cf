import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { addPublicImageCopy, stripJpegMetadata, stripPngMetadata } from "./image-metadata.ts";
import { openTestArchive } from "../../test/archive.ts";

const seg = (marker: number, payload: Buffer) => {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(0xff00 | marker, 0);
  h.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([h, payload]);
};
const GPS = Buffer.from("GPS 35.6892N 51.3890E Pixel-7 serial 0xDEADBEEF");
const SCAN = Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78]);

/** A JPEG-structured file: JFIF, EXIF with GPS, XMP, a comment, coding segments, scan data. */
function jpegWithExif(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")),
    seg(0xe1, Buffer.concat([Buffer.from("Exif\0\0MM\0*"), GPS])),
    seg(0xe1, Buffer.from("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Alice's phone</x:xmpmeta>")),
    seg(0xe2, Buffer.from("ICC_PROFILE\0\x01\x01profile-bytes")),
    seg(0xfe, Buffer.from("taken by Alice at the checkpoint")),
    seg(0xdb, Buffer.alloc(65, 1)),
    seg(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    SCAN,
    Buffer.from([0xff, 0xd9]),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pngWithText(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("tEXt", Buffer.from("Author\0Alice")),
    pngChunk("eXIf", Buffer.concat([Buffer.from("MM\0*"), GPS])),
    pngChunk("IDAT", zlib.deflateSync(Buffer.from([0, 255, 0, 0]))),
    pngChunk("tIME", Buffer.from([7, 234, 11, 25, 12, 0, 0])),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
}, 120_000);
afterAll(async () => close());

describe("metadata stripping", () => {
  it("removes EXIF/GPS, XMP and comments from a JPEG and keeps its image data byte for byte", () => {
    const out = stripJpegMetadata(jpegWithExif());
    expect(out.includes(GPS)).toBe(false);
    expect(out.includes(Buffer.from("Exif"))).toBe(false);
    expect(out.includes(Buffer.from("xmpmeta"))).toBe(false);
    expect(out.includes(Buffer.from("checkpoint"))).toBe(false);
    expect(out.includes(Buffer.from("JFIF"))).toBe(true);
    expect(out.includes(Buffer.from("ICC_PROFILE"))).toBe(true);
    expect(out.subarray(-SCAN.length - 2).equals(Buffer.concat([SCAN, Buffer.from([0xff, 0xd9])]))).toBe(
      true,
    );
  });

  it("removes text, EXIF and time chunks from a PNG", () => {
    const out = stripPngMetadata(pngWithText());
    expect(out.includes(Buffer.from("Alice"))).toBe(false);
    expect(out.includes(GPS)).toBe(false);
    expect(out.includes(Buffer.from("tIME"))).toBe(false);
    expect(out.includes(Buffer.from("IDAT"))).toBe(true);
  });

  it("makes a public copy as a derived item and leaves the original untouched", async () => {
    const original = jpegWithExif();
    const item = await ingestFile(
      db,
      store,
      { bytes: original },
      { filename: "checkpoint.jpg" },
      "test:alice",
    );
    const copy = await addPublicImageCopy(db, store, item.id, "test:alice");
    expect(copy).toMatchObject({
      originalId: item.id,
      derivation: "metadata_stripped",
      visibility: "public",
      mediaType: "image/jpeg",
      filename: "public-checkpoint.jpg",
    });
    expect((await readBlob(store, item.sha256)).equals(original)).toBe(true);
    expect((await readBlob(store, copy.sha256)).includes(GPS)).toBe(false);
  });

  it("refuses formats it cannot strip", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: Buffer.from("GIF89a\x01\x00\x01\x00") },
      { filename: "a.gif" },
      "test:alice",
    );
    await expect(addPublicImageCopy(db, store, item.id, "test:alice")).rejects.toMatchObject({
      id: "unsupported",
    });
  });
});
