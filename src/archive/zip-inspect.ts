import type { FileHandle } from "node:fs/promises";

/** Limits beyond which an archive is treated as a decompression bomb. */
export interface BombLimits {
  /** Total declared uncompressed bytes allowed. */
  maxUncompressed: number;
  /** Largest allowed uncompressed/compressed ratio for archives above ratioFloor bytes. */
  maxRatio: number;
  ratioFloor: number;
  maxEntries: number;
}

/** Default bomb limits: generous for real evidence dumps, far below any bomb's output. */
export const DEFAULT_BOMB_LIMITS: BombLimits = {
  maxUncompressed: 8 * 1024 ** 3,
  maxRatio: 200,
  ratioFloor: 64 * 1024 ** 2,
  maxEntries: 100_000,
};

/** What the central directory of a zip says, read without decompressing anything. */
export interface ZipSummary {
  entries: number;
  compressed: number;
  uncompressed: number;
  names: string[];
  /** The content of a stored `mimetype` entry (ODF, EPUB), if present. */
  mimetype: string | null;
  nestedArchives: number;
  encrypted: boolean;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const Z64_LOC_SIG = 0x07064b50;

/**
 * Reads a zip's central directory from the end of the file. Nothing is inflated: the sizes are the
 * ones the archive declares, which is what a bomb lies about least (it must declare them to
 * inflate). Returns null when no valid directory is found.
 */
export async function readZipDirectory(
  fh: FileHandle,
  fileSize: number,
  maxNames = 200,
): Promise<ZipSummary | null> {
  const tailLen = Math.min(fileSize, 65_557);
  const tail = Buffer.alloc(tailLen);
  await fh.read(tail, 0, tailLen, fileSize - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let entries = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (
    (entries === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    tail.readUInt32LE(eocd - 20) === Z64_LOC_SIG
  ) {
    const z64Off = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const z64 = Buffer.alloc(56);
    await fh.read(z64, 0, 56, z64Off);
    entries = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > fileSize || cdSize > 256 * 1024 ** 2) return null;
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  const summary: ZipSummary = {
    entries: 0,
    compressed: 0,
    uncompressed: 0,
    names: [],
    mimetype: null,
    nestedArchives: 0,
    encrypted: false,
  };
  let p = 0;
  while (p + 46 <= cd.length && cd.readUInt32LE(p) === CEN_SIG) {
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressed = cd.readUInt32LE(p + 20);
    let uncompressed = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
    // Zip64 extended information: the 64-bit values follow in a fixed order for each field maxed out.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff && q + 8 <= e + 4 + len) {
          uncompressed = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressed === 0xffffffff && q + 8 <= e + 4 + len) {
          compressed = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    summary.entries++;
    summary.compressed += compressed;
    summary.uncompressed += uncompressed;
    if (flags & 1) summary.encrypted = true;
    if (summary.names.length < maxNames) summary.names.push(name);
    if (/\.(zip|gz|tgz|7z|rar|tar|bz2|xz|zst|jar|apk)$/i.test(name)) summary.nestedArchives++;
    if (name === "mimetype" && method === 0 && uncompressed < 200) {
      summary.mimetype = await readStoredEntry(fh, localOffset, uncompressed);
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return summary;
}

async function readStoredEntry(fh: FileHandle, localOffset: number, size: number): Promise<string | null> {
  const head = Buffer.alloc(30);
  await fh.read(head, 0, 30, localOffset);
  if (head.readUInt32LE(0) !== 0x04034b50) return null;
  const data = Buffer.alloc(size);
  await fh.read(data, 0, size, localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28));
  return data.toString("ascii").trim();
}

/** True when the declared sizes describe a decompression bomb under the given limits. */
export function isZipBomb(
  z: ZipSummary,
  fileSize: number,
  limits: BombLimits = DEFAULT_BOMB_LIMITS,
): boolean {
  if (z.entries > limits.maxEntries || z.uncompressed > limits.maxUncompressed) return true;
  const ratio = z.uncompressed / Math.max(1, fileSize);
  return z.uncompressed > limits.ratioFloor && ratio > limits.maxRatio;
}

/** The declared uncompressed size of a gzip member (its ISIZE trailer, modulo 2^32). */
export async function readGzipIsize(fh: FileHandle, fileSize: number): Promise<number | null> {
  if (fileSize < 18) return null;
  const b = Buffer.alloc(4);
  await fh.read(b, 0, 4, fileSize - 4);
  return b.readUInt32LE(0);
}

/** Refines a zip container to the document type its entries reveal. */
export function zipSubtype(z: ZipSummary): string {
  if (z.mimetype && /^application\/[a-z0-9.+-]+$/.test(z.mimetype)) return z.mimetype;
  const has = (prefix: string) => z.names.some((n) => n.startsWith(prefix));
  if (has("[Content_Types].xml")) {
    if (has("word/")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (has("xl/")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (has("ppt/")) return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  }
  return "application/zip";
}
