import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "./db.ts";
import type { Db } from "../src/db/index.ts";
import { setLogLevel } from "../src/shared/logger.ts";
import { createFsBlobStore } from "../src/archive/fs-blob-store.ts";
import type { BlobStore } from "../src/archive/blob-store.ts";

/**
 * @internal Test fixture: a database cloned from the run's migrated template (PGlite, or the
 * server named by DATABASE_URL) and a blob store in a fresh temp directory. Open once per test
 * file (beforeAll).
 */
export async function openTestArchive(): Promise<{
  db: Db;
  store: BlobStore;
  dir: string;
  close: () => Promise<void>;
}> {
  setLogLevel("silent");
  const handle = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-archive-"));
  const store = createFsBlobStore(path.join(dir, "blobs"));
  return {
    db: handle.db,
    store,
    dir,
    close: async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(handle.dataDir, { recursive: true, force: true });
    },
  };
}

/** One JPEG segment: marker, big-endian length, payload. */
function jpegSegment(marker: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16BE(0xff00 | marker, 0);
  h.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([h, payload]);
}

/** @internal The GPS latitude (35° 41′ 0″) inside jpegWithGps, as its EXIF RATIONALs. */
export const GPS_LATITUDE = Buffer.from([0, 0, 0, 35, 0, 0, 0, 1, 0, 0, 0, 41, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);

/**
 * @internal A tiny JPEG whose EXIF block (APP1) has a GPS IFD with a latitude, as a phone camera
 * writes it: TIFF header, IFD0 pointing to the GPS IFD, GPSLatitudeRef "N" and GPSLatitude.
 */
export function jpegWithGps(): Buffer {
  const tiff = Buffer.alloc(80);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10); // GPSInfo
  tiff.writeUInt16BE(4, 12); // LONG
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18); // the GPS IFD's offset
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(2, 26);
  tiff.writeUInt16BE(0x0001, 28); // GPSLatitudeRef
  tiff.writeUInt16BE(2, 30); // ASCII
  tiff.writeUInt32BE(2, 32);
  tiff.write("N\0", 36, "latin1");
  tiff.writeUInt16BE(0x0002, 40); // GPSLatitude
  tiff.writeUInt16BE(5, 42); // RATIONAL
  tiff.writeUInt32BE(3, 44);
  tiff.writeUInt32BE(56, 48);
  tiff.writeUInt32BE(0, 52);
  GPS_LATITUDE.copy(tiff, 56);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe0, Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")),
    jpegSegment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff])),
    jpegSegment(0xdb, Buffer.alloc(65, 1)),
    jpegSegment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd9]),
  ]);
}

/** @internal The markers of a JPEG's segments up to the start of scan (0xE1 is EXIF or XMP). */
export function jpegMarkers(jpg: Buffer): number[] {
  const markers: number[] = [];
  let p = 2;
  while (p + 4 <= jpg.length && jpg[p] === 0xff) {
    const marker = jpg[p + 1]!;
    markers.push(marker);
    if (marker === 0xda) break;
    p += 2 + jpg.readUInt16BE(p + 2);
  }
  return markers;
}
