import fsp from "node:fs/promises";
import { claimMatches, sniffType, typeFromExtension } from "./sniff.ts";
import {
  DEFAULT_BOMB_LIMITS,
  isZipBomb,
  readGzipIsize,
  readZipDirectory,
  zipSubtype,
  type BombLimits,
} from "./zip-inspect.ts";

/** Hazards Sabt records on an item; each changes how the item may be served or processed. */
export type Hazard =
  | "active_content"
  | "executable"
  | "type_mismatch"
  | "compression_bomb"
  | "nested_archive"
  | "encrypted_archive"
  | "pdf_active_content";

/** What intake learned about a staged file from its bytes alone. */
export interface Inspection {
  mediaType: string;
  hazards: Hazard[];
  details: Record<string, unknown>;
}

const HEAD_BYTES = 8192;

/**
 * Inspects a staged file: sniffs its type from magic bytes, compares it with the name and the
 * client's claim, and reads archive directories for bombs. Never decompresses, never renders,
 * never runs anything, and reaches no network.
 */
export async function inspectFile(
  file: string,
  size: number,
  claim: { filename?: string | undefined; declaredType?: string | undefined },
  limits: BombLimits = DEFAULT_BOMB_LIMITS,
): Promise<Inspection> {
  const fh = await fsp.open(file, "r");
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await fh.read(head, 0, head.length, 0);
    const sniffed = sniffType(head);
    let mediaType = sniffed.mediaType;
    const hazards = new Set<Hazard>();
    const details: Record<string, unknown> = {};
    if (sniffed.active) hazards.add("active_content");
    if (sniffed.executable) hazards.add("executable");

    if (mediaType === "application/zip") {
      const z = await readZipDirectory(fh, size);
      if (z) {
        mediaType = zipSubtype(z);
        details.zip = { entries: z.entries, compressed: z.compressed, uncompressed: z.uncompressed };
        if (isZipBomb(z, size, limits)) hazards.add("compression_bomb");
        if (z.nestedArchives > 0) hazards.add("nested_archive");
        if (z.encrypted) hazards.add("encrypted_archive");
      }
    } else if (mediaType === "application/gzip") {
      const isize = await readGzipIsize(fh, size);
      details.gzip = { declaredUncompressed: isize };
      // ISIZE is modulo 2^32, so a small value proves nothing; a large ratio is still a red flag.
      if (isize !== null && isize > limits.ratioFloor && isize / size > limits.maxRatio) {
        hazards.add("compression_bomb");
      }
    } else if (mediaType === "application/pdf" && (await pdfHasActiveContent(fh, size))) {
      hazards.add("pdf_active_content");
    }

    const claims = [claim.declaredType, claim.filename ? typeFromExtension(claim.filename) : null].filter(
      (c): c is string => typeof c === "string" && c.length > 0,
    );
    const lies = claims.filter((c) => !claimMatches(c, mediaType));
    if (lies.length > 0) {
      hazards.add("type_mismatch");
      details.claimedTypes = lies;
    }
    return { mediaType, hazards: [...hazards].sort(), details };
  } finally {
    await fh.close();
  }
}

// PDF actions that run script or launch programs in some viewers.
const PDF_ACTIVE = /\/(JavaScript|JS|Launch|EmbeddedFile|OpenAction|AA|RichMedia|XFA)\b/;

/** Scans a PDF's bytes (up to 64 MiB) for script and launch actions. */
async function pdfHasActiveContent(fh: fsp.FileHandle, size: number): Promise<boolean> {
  const chunk = Buffer.alloc(1 << 20);
  let carry = "";
  for (let pos = 0; pos < Math.min(size, 64 * 1024 ** 2); pos += chunk.length) {
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
    const text = carry + chunk.toString("latin1", 0, bytesRead);
    if (PDF_ACTIVE.test(text)) return true;
    carry = text.slice(-32);
    if (bytesRead < chunk.length) break;
  }
  return false;
}
