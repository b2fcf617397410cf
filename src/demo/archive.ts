/**
 * Files for the evidence archive: HTML copies of the two toll reports and of a testimony
 * transcript, and small PDFs of the commissions report and the case-1 judgment. A few claims
 * cite them by archive key, so the evidence viewer has something to show beside its claims.
 */
import type { Graph } from "./graph.ts";
import { num } from "./graph.ts";
import { tollFigures } from "./contested.ts";
import { MASSACRE_EVENT } from "./events.ts";
import { DEMO_NOTICE_TEXT } from "./notice.ts";
import { buildPdf } from "./pdf.ts";
import { SOURCES } from "./institutions.ts";
import type { DemoArchivedItem, DemoTruthPerson } from "./types.ts";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function html(lang: "fa" | "en", title: string, paragraphs: readonly string[]): Uint8Array {
  const dir = lang === "fa" ? "rtl" : "ltr";
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const body = paragraphs.map((p) => `<p>${esc(p)}</p>`).join("\n");
  return utf8(
    `<!doctype html>\n<html lang="${lang}" dir="${dir}">\n<head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body>\n<p><strong>${esc(DEMO_NOTICE_TEXT[lang])}</strong></p>\n<h1>${esc(title)}</h1>\n${body}\n</body>\n</html>\n`,
  );
}

/** Adds the archive files and claims that cite them; returns the files. */
export function addArchive(g: Graph, truth: readonly DemoTruthPerson[]): DemoArchivedItem[] {
  const { high, low } = tollFigures(truth);
  const items: DemoArchivedItem[] = [
    {
      key: "archive:report-high-html",
      source: SOURCES.reportHigh,
      filename: "endless-summer.html",
      mediaType: "text/html",
      bytes: html("fa", "تابستان بی‌پایان (گزارش خیالی)", [
        `به برآورد این گزارش خیالی دست‌کم ${high} نفر اعدام شدند.`,
        "این برآورد بر پایهٔ گفته‌های خانواده‌ها و شمار بندها است و هیچ فهرست نامی پشت آن نیست.",
      ]),
      description: "Archived web copy of the fictional high-toll report (Persian).",
      fictional: true,
    },
    {
      key: "archive:report-low-html",
      source: SOURCES.reportLow,
      filename: "counting-the-names.html",
      mediaType: "text/html",
      bytes: html("en", "Counting the Names (fictional report)", [
        `This fictional report lists ${low} names it could verify from at least two sources.`,
        "It does not estimate the victims no list recorded; it says so on its first page.",
      ]),
      description: "Archived web copy of the fictional low-toll report (English).",
      fictional: true,
    },
    {
      key: "archive:testimony-01-html",
      source: "source:testimony-01",
      filename: "testimony-01.html",
      mediaType: "text/html",
      bytes: html("en", "Fictional testimony no. 01 (transcript)", [
        "Minute 42: the family was told in the autumn, twelve days after the date the lists give.",
        "The witness is invented; so is every name in this transcript.",
      ]),
      description: "Transcript of a fictional testimony.",
      fictional: true,
    },
    {
      key: "archive:report-commissions-pdf",
      source: SOURCES.reportCommissions,
      filename: "report-on-the-commissions.pdf",
      mediaType: "application/pdf",
      bytes: buildPdf("Fictional report on the commissions", [
        [
          "FICTIONAL DOCUMENT - every person in it is invented.",
          "",
          "Report on the commissions of summer 1367 (fictional).",
          "Nine commissions sat: Evin, Gohardasht and seven provincial prisons.",
        ],
        [
          "Page 2",
          "Each commission had three members: a religious judge,",
          "a prosecutor and an intelligence representative (all invented).",
        ],
      ]),
      description: "Small PDF of the fictional report on the commissions.",
      fictional: true,
    },
    {
      key: "archive:judgment-case-1-pdf",
      source: SOURCES.judgment1,
      filename: "judgment-case-1.pdf",
      mediaType: "application/pdf",
      bytes: buildPdf("Fictional judgment in case 1", [
        [
          "FICTIONAL DOCUMENT - every person in it is invented.",
          "",
          "Northern District Court (fictional). Judgment of 14 July 2022.",
          "The accused is convicted; life imprisonment (fictional).",
        ],
      ]),
      description: "Small PDF of the fictional judgment in case 1.",
      fictional: true,
    },
  ];
  // Point the toll claims at the archived copies, and add one claim read from the PDF.
  for (const c of g.claims) {
    if (c.subject !== MASSACRE_EVENT || c.property !== "death_toll") continue;
    for (const s of c.sources) {
      const item = items.find((i) => i.source === s.source);
      if (item) s.locator = { ...s.locator, archive: item.key };
    }
  }
  g.claim(MASSACRE_EVENT, "commission_count", num(9, "commissions"), {
    sources: [
      { source: SOURCES.reportCommissions, locator: { archive: "archive:report-commissions-pdf", page: 1 } },
    ],
  });
  return items;
}
