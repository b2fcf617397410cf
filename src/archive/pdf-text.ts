import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { addDerivedItem, getArchiveItem } from "./archive.service.ts";
import type { ArchiveItem } from "./archive.types.ts";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { detectLanguage } from "./language.ts";
import { insertPageTexts } from "./page-text.repository.ts";
import { packageVersion } from "./tool-version.ts";

/** The text of one PDF page; pages are numbered from 1 as printed by viewers. */
export interface PdfPageText {
  page: number;
  text: string;
}

/** Largest PDF parsed in memory (256 MiB) and most pages read. */
const MAX_PDF_BYTES = 256 * 1024 ** 2;
const MAX_PAGES = 10_000;

/**
 * Extracts the text of each page with pdf.js (legacy build, for Node). Offline by construction:
 * no fonts or CMaps are fetched, eval and XFA are off, the PDF's scripts are never run.
 * @throws SabtError unsupported when the file is not a readable PDF.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<PdfPageText[]> {
  if (bytes.length > MAX_PDF_BYTES) {
    throw new SabtError("payload_too_large", `PDF text extraction is limited to ${MAX_PDF_BYTES} bytes`);
  }
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: PdfPageText[] = [];
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const it of content.items) {
        if ("str" in it) text += it.str + (it.hasEOL ? "\n" : "");
      }
      pages.push({ page: n, text: text.trim() });
      page.cleanup();
    }
    return pages;
  } catch (e) {
    throw new SabtError("unsupported", `not a readable PDF (${(e as Error).message})`);
  } finally {
    await task.destroy();
  }
}

/**
 * Extracts a PDF item's text by page and stores it twice: as rows of `archive_page_text` (what the
 * evidence list searches and the viewer shows per page) and as a derived `text` item (JSON
 * `{ pages: [{ page, text }], language }`, with its own fixity and custody), so claims can cite a page.
 */
export async function addPdfText(
  db: Db,
  store: BlobStore,
  itemId: string,
  actor: string,
): Promise<ArchiveItem> {
  const item = await getArchiveItem(db, itemId);
  if (item.mediaType !== "application/pdf") throw new SabtError("unsupported", `item ${itemId} is not a PDF`);
  const pages = await extractPdfText(await readBlob(store, item.sha256));
  const language = detectLanguage(pages.map((p) => p.text).join("\n"));
  await insertPageTexts(db, itemId, pages);
  const json = JSON.stringify({ pages, language }, null, 1);
  return addDerivedItem(
    db,
    store,
    itemId,
    { bytes: Buffer.from(json, "utf8") },
    {
      derivation: "text",
      filename: `${item.filename ?? itemId}.pages.json`,
      tool: "pdfjs-dist",
      toolVersion: packageVersion("pdfjs-dist"),
      metadata: { pageCount: pages.length, language: language.language },
    },
    actor,
  );
}
