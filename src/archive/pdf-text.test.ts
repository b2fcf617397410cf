import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/index.ts";
import { getDerivedItems, ingestFile } from "./archive.service.ts";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { addPdfText, extractPdfText } from "./pdf-text.ts";
import { makeSimplePdf } from "../../test/simple-pdf.ts";
import { seedDemoArchive } from "../../test/demo-archive.ts";
import { openTestArchive } from "../../test/archive.ts";

const makePdf = (pages: string[]) => makeSimplePdf(pages.map((p) => [p]));

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
}, 120_000);
afterAll(async () => close());

describe("PDF text extraction", () => {
  it("extracts each page's text with its page number", async () => {
    const pages = await extractPdfText(
      makePdf([
        "The detainees were moved on Monday.",
        "The court sat for one hour.",
        "Fictional document for tests.",
      ]),
    );
    expect(pages).toEqual([
      { page: 1, text: "The detainees were moved on Monday." },
      { page: 2, text: "The court sat for one hour." },
      { page: 3, text: "Fictional document for tests." },
    ]);
  });

  it("refuses a file that is not a PDF", async () => {
    await expect(extractPdfText(Buffer.from("%PDF-1.4\ngarbage"))).rejects.toMatchObject({
      id: "unsupported",
    });
  });

  it("stores the text as a derived item of the PDF", async () => {
    const item = await ingestFile(
      db,
      store,
      { bytes: makePdf(["First page of the report.", "Second page names the prison."]) },
      { filename: "report.pdf" },
      "test:alice",
    );
    const text = await addPdfText(db, store, item.id, "test:alice");
    expect(text).toMatchObject({ originalId: item.id, derivation: "text", kind: "derived" });
    const json = JSON.parse((await readBlob(store, text.sha256)).toString("utf8"));
    expect(json.pages[1]).toEqual({ page: 2, text: "Second page names the prison." });
    expect(json.language.language).toBe("en");
    expect((await getDerivedItems(db, item.id)).map((d) => d.id)).toEqual([text.id]);
  });

  it("seeds fictional demo items whose PDF text cites by page", async () => {
    const items = await seedDemoArchive(db, store, "test:demo");
    expect(items.map((i) => i.kind)).toEqual(["report_pdf", "news_page", "testimony"]);
    const [text] = await getDerivedItems(db, items[0]!.itemId);
    const json = JSON.parse((await readBlob(store, text!.sha256)).toString("utf8"));
    expect(json.pages[1].text).toContain("Witnesses describe transfers");
    expect(json.pages[0].text).toContain("FICTIONAL");
  });
});
