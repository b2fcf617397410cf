/**
 * @internal Test fixture: a few archived, clearly fictional evidence items (a PDF report with its
 * page text, a Persian news page, a testimony transcript).
 */
import type { Db } from "../src/db/index.ts";
import { addPdfText, ingestFile, type BlobStore } from "../src/archive/index.ts";
import { makeSimplePdf } from "./simple-pdf.ts";

/** One archived fictional item, with a locator a claim can cite. */
export interface DemoArchiveItem {
  itemId: string;
  kind: "report_pdf" | "news_page" | "testimony";
  title: string;
  /** A locator a demo claim can use (page or quote). */
  locator: { archiveItemId: string; page?: number; quote?: string };
}

const FICTION = "FICTIONAL DEMO MATERIAL: every name, place and event in this file is invented.";

/**
 * Archives a few generated, clearly fictional items (a PDF report, a Persian news page, a
 * testimony transcript) so the demo collection shows evidence cited by claims. Deterministic
 * content: the same seed gives the same files and hashes.
 */
export async function seedDemoArchive(
  db: Db,
  store: BlobStore,
  actor: string,
  seed = 1,
): Promise<DemoArchiveItem[]> {
  const n = String(seed).padStart(3, "0");
  const pdf = makeSimplePdf(
    [
      [
        FICTION,
        "",
        `Report ${n}: Detentions at the (fictional) Northern Ridge facility`,
        "",
        "Prepared by an invented monitoring group.",
      ],
      [
        FICTION,
        "",
        "Page 2. Witnesses describe transfers of detainees at night.",
        "Families were not told where detainees were taken.",
      ],
      [FICTION, "", "Page 3. A commission of three officials met for less than an hour."],
    ],
    `Fictional report ${n}`,
  );
  const page = `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خبر ساختگی ${n}</title></head><body>
<p><strong>${FICTION}</strong></p><article><h1>خبر ساختگی: انتقال بازداشت‌شدگان</h1>
<p>این خبر کاملاً ساختگی است و برای نمایش سامانه ثبت نوشته شده است. به گفته خانواده‌ها، بازداشت‌شدگان شبانه به زندانی دیگر منتقل شدند.</p></article></body></html>`;
  const testimony = `${FICTION}\n\nTranscript of an invented testimony (demo ${n}).\n\nQ: When did you last see your brother?\nA: At the gate of the prison, in the autumn. After that we received no news.\n`;

  const items: DemoArchiveItem[] = [];
  const report = await ingestFile(
    db,
    store,
    { bytes: pdf },
    { filename: `fictional-report-${n}.pdf`, title: `Fictional report ${n}`, metadata: { fictional: true } },
    actor,
  );
  await addPdfText(db, store, report.id, actor);
  items.push({
    itemId: report.id,
    kind: "report_pdf",
    title: report.title ?? "",
    locator: { archiveItemId: report.id, page: 2 },
  });
  const news = await ingestFile(
    db,
    store,
    { bytes: Buffer.from(page, "utf8") },
    {
      filename: `fictional-news-${n}.html`,
      title: `خبر ساختگی ${n}`,
      metadata: { fictional: true },
      provenance: { sourceUrl: `https://news.example/fictional/${n}` },
    },
    actor,
  );
  items.push({
    itemId: news.id,
    kind: "news_page",
    title: news.title ?? "",
    locator: { archiveItemId: news.id, quote: "بازداشت‌شدگان شبانه به زندانی دیگر منتقل شدند" },
  });
  const t = await ingestFile(
    db,
    store,
    { bytes: Buffer.from(testimony, "utf8") },
    {
      filename: `fictional-testimony-${n}.txt`,
      title: `Fictional testimony ${n}`,
      metadata: { fictional: true },
      provenance: { sourcePerson: "invented witness" },
    },
    actor,
  );
  items.push({
    itemId: t.id,
    kind: "testimony",
    title: t.title ?? "",
    locator: { archiveItemId: t.id, quote: "At the gate of the prison" },
  });
  return items;
}
