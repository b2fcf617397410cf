import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { addDerivedItem, getArchiveItem, getDerivedItems } from "./archive.service.ts";
import type { ArchiveItem } from "./archive.types.ts";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { SABT_VERSION } from "./tool-version.ts";

/**
 * Metadata stripping for public copies of images, done losslessly by dropping container
 * segments rather than re-encoding: the pixels of the public copy are the original's pixels.
 * The EXIF orientation goes with the EXIF block, so a rotated phone photo may display turned.
 */

/** The derivation of a public copy: same pixels, no metadata. */
const PUBLIC_COPY = "metadata_stripped";
// Containers that carry EXIF or XMP (GPS positions, camera serials) which Sabt cannot strip yet.
const UNSTRIPPABLE_IMAGES = new Set(["image/webp", "image/tiff", "image/heic", "image/avif"]);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Chunks needed to render the image faithfully; everything else (tEXt, zTXt, iTXt, eXIf, tIME,
// private chunks) can carry names, places, devices or dates and is dropped.
const PNG_KEEP = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "iCCP",
  "sBIT",
  "bKGD",
  "pHYs",
  "acTL",
  "fcTL",
  "fdAT",
]);

/** Removes every metadata chunk from a PNG, keeping image and colour chunks byte for byte. */
export function stripPngMetadata(png: Buffer): Buffer {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new SabtError("unsupported", "not a PNG");
  const out: Buffer[] = [PNG_SIGNATURE];
  let p = 8;
  while (p + 12 <= png.length) {
    const len = png.readUInt32BE(p);
    const type = png.toString("latin1", p + 4, p + 8);
    const end = p + 12 + len;
    if (end > png.length) throw new SabtError("unsupported", "truncated PNG chunk");
    if (PNG_KEEP.has(type)) out.push(png.subarray(p, end));
    p = end;
    if (type === "IEND") break;
  }
  return Buffer.concat(out);
}

/**
 * Removes EXIF (including GPS), XMP, IPTC/Photoshop, JFXX thumbnails and comments from a JPEG.
 * Kept: JFIF (APP0), ICC colour profiles (APP2) and Adobe (APP14, which changes how colours decode),
 * all coding segments, and the entropy-coded data after SOS unchanged.
 */
export function stripJpegMetadata(jpg: Buffer): Buffer {
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) throw new SabtError("unsupported", "not a JPEG");
  const out: Buffer[] = [jpg.subarray(0, 2)];
  let p = 2;
  while (p < jpg.length) {
    if (jpg[p] !== 0xff) throw new SabtError("unsupported", `malformed JPEG at byte ${p}`);
    let q = p;
    while (jpg[q] === 0xff) q++; // fill bytes
    const marker = jpg[q]!;
    if (marker === 0xd9) {
      out.push(jpg.subarray(p, q + 1));
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(jpg.subarray(p, q + 1));
      p = q + 1;
      continue;
    }
    const len = jpg.readUInt16BE(q + 1);
    const end = q + 1 + len;
    if (end > jpg.length) throw new SabtError("unsupported", "truncated JPEG segment");
    if (marker === 0xda) {
      // Start of scan: the rest is image data (and any later scans); copy it as it is.
      out.push(jpg.subarray(p));
      break;
    }
    const id = jpg.toString("latin1", q + 3, Math.min(end, q + 17));
    const keep =
      (marker < 0xe0 || marker > 0xef) && marker !== 0xfe
        ? true
        : (marker === 0xe0 && id.startsWith("JFIF\0")) ||
          (marker === 0xe2 && id.startsWith("ICC_PROFILE\0")) ||
          (marker === 0xee && id.startsWith("Adobe"));
    if (keep) out.push(jpg.subarray(p, end));
    p = end;
  }
  return Buffer.concat(out);
}

/**
 * Makes a public copy of an image item without metadata (EXIF GPS, camera serials, names) as a
 * derived item; the original stays untouched in the archive.
 * @throws SabtError unsupported for anything but JPEG and PNG.
 */
export async function addPublicImageCopy(
  db: Db,
  store: BlobStore,
  itemId: string,
  actor: string,
): Promise<ArchiveItem> {
  const item = await getArchiveItem(db, itemId);
  const bytes = await readBlob(store, item.sha256);
  let stripped: Buffer;
  if (item.mediaType === "image/jpeg") stripped = stripJpegMetadata(bytes);
  else if (item.mediaType === "image/png") stripped = stripPngMetadata(bytes);
  else throw new SabtError("unsupported", `metadata stripping supports JPEG and PNG, not ${item.mediaType}`);
  return addDerivedItem(
    db,
    store,
    itemId,
    { bytes: stripped },
    {
      derivation: PUBLIC_COPY,
      filename: item.filename ? `public-${item.filename}` : undefined,
      declaredType: item.mediaType,
      tool: "sabt-strip",
      toolVersion: SABT_VERSION,
      visibility: "public",
      metadata: { strippedBytes: bytes.length - stripped.length },
    },
    actor,
  );
}

// Lookups of public copies in progress, by original id: two first requests for the same image at
// once share one lookup, and so make one copy, not two derived items in the original's custody log.
const pending = new Map<string, Promise<ArchiveItem>>();

/**
 * What the public is given when it asks for an item's file: the item itself, except that a JPEG
 * or PNG original is replaced by its public copy without metadata (made on the first request,
 * then reused). The original's bytes, with the place and device of a photo, never go to an
 * anonymous reader.
 * @throws SabtError unsupported for image formats whose metadata Sabt cannot strip (WebP, TIFF,
 * HEIC, AVIF): they are not served to the public at all.
 */
export async function publicCopyOf(db: Db, store: BlobStore, item: ArchiveItem): Promise<ArchiveItem> {
  if (item.derivation === PUBLIC_COPY) return item;
  if (UNSTRIPPABLE_IMAGES.has(item.mediaType)) {
    throw new SabtError("unsupported", `${item.mediaType} files are not served publicly: their metadata cannot be removed`);
  }
  if (item.mediaType !== "image/jpeg" && item.mediaType !== "image/png") return item;
  let copy = pending.get(item.id);
  if (!copy) {
    copy = findOrAddPublicCopy(db, store, item.id).finally(() => pending.delete(item.id));
    pending.set(item.id, copy);
  }
  return copy;
}

async function findOrAddPublicCopy(db: Db, store: BlobStore, itemId: string): Promise<ArchiveItem> {
  const existing = (await getDerivedItems(db, itemId)).find((d) => d.derivation === PUBLIC_COPY && d.visibility === "public");
  return existing ?? addPublicImageCopy(db, store, itemId, "system:public-copy");
}
