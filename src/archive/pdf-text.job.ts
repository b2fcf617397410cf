/**
 * Text extraction from an uploaded PDF as a durable job (`archive.pdf-text`): pdf.js reads every
 * page, which can take long for a large document, so the upload request only queues it. A re-run
 * after a crash finds the stored text and stops; pages already stored are never written twice.
 */
import { z } from "zod";
import type { Db } from "../db/index.ts";
import { isSabtError } from "../shared/errors.ts";
import type { JobContext } from "../shared/job.ts";
import { getArchiveItem, getDerivedItems } from "./archive.service.ts";
import type { BlobStore } from "./blob-store.ts";
import { countPageTexts } from "./page-text.repository.ts";
import { addPdfText } from "./pdf-text.ts";

/** The job's name in the job table. */
export const PDF_TEXT_JOB = "archive.pdf-text";

/** The payload of a text extraction job. */
export const PdfTextJobPayload = z.object({
  itemId: z.string().min(1).max(64),
  /** The actor named in the custody log of the derived text (`user:<id>`). */
  actor: z.string().min(1).max(300),
});
/** A validated extraction job payload. */
export type PdfTextJobPayload = z.infer<typeof PdfTextJobPayload>;

/** The extraction job as queueing sees it: one at a time, since pdf.js holds a document in memory. */
export const PDF_TEXT = { kind: PDF_TEXT_JOB, payload: PdfTextJobPayload, concurrency: 1, maxAttempts: 3 } as const;

/** What an extraction job records as its result. */
export interface PdfTextJobResult {
  itemId: string;
  pages: number;
  /** The file is not a PDF pdf.js can read: nothing to extract, and retrying would not help. */
  unreadable: boolean;
  /** An earlier attempt had stored the text. */
  resumed: boolean;
}

/** True when an item is a PDF whose text should be extracted (a decompression bomb is never opened). */
export function wantsPdfText(item: { mediaType: string; hazards: readonly string[] }): boolean {
  return item.mediaType === "application/pdf" && !item.hazards.includes("compression_bomb");
}

/**
 * The extraction job's handler over a blob store.
 * @example defineJob({ ...PDF_TEXT, run: (p, ctx) => pdfTextJob(store)(db, p, ctx) })
 */
export function pdfTextJob(store: BlobStore) {
  return async (db: Db, payload: PdfTextJobPayload, ctx: JobContext): Promise<PdfTextJobResult> => {
    const { itemId } = payload;
    const derived = await getDerivedItems(db, itemId);
    if (derived.some((d) => d.derivation === "text")) {
      return { itemId, pages: await countPageTexts(db, itemId), unreadable: false, resumed: true };
    }
    const item = await getArchiveItem(db, itemId);
    if (!wantsPdfText(item)) return { itemId, pages: 0, unreadable: true, resumed: false };
    await ctx.reportProgress(0, 1);
    ctx.signal.throwIfAborted();
    try {
      await addPdfText(db, store, itemId, payload.actor);
    } catch (e) {
      if (isSabtError(e) && e.id === "unsupported") return { itemId, pages: 0, unreadable: true, resumed: false };
      throw e;
    }
    await ctx.reportProgress(1, 1);
    return { itemId, pages: await countPageTexts(db, itemId), unreadable: false, resumed: false };
  };
}
