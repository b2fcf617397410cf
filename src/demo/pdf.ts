/**
 * A minimal, valid PDF 1.4 built by hand: one Helvetica text page per string array, with a
 * correct cross-reference table. ASCII only, because the standard fonts cannot show Persian;
 * Persian documents are archived as HTML instead.
 */

function escapePdf(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?").replace(/([\\()])/g, "\\$1");
}

/**
 * Builds a PDF whose pages show the given lines of text.
 * @param title the document title (Info dictionary)
 * @param pages one array of lines per page
 * @returns the PDF file's bytes
 */
export function buildPdf(title: string, pages: readonly (readonly string[])[]): Uint8Array {
  const objects: string[] = [];
  const pageCount = pages.length;
  // Object numbers: 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
  const pageIds = pages.map((_p, i) => 5 + 2 * i);
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageCount} >>`,
  );
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  objects.push(`<< /Title (${escapePdf(title)}) /Producer (Sabt demo generator) >>`);
  pages.forEach((lines, i) => {
    const stream = [
      "BT",
      "/F1 11 Tf",
      "14 TL",
      "56 780 Td",
      ...lines.map((l) => `(${escapePdf(l)}) '`),
      "ET",
    ].join("\n");
    const contentId = (pageIds[i] ?? 0) + 1;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character is ASCII (escapePdf), so string offsets equal byte offsets.
  return new TextEncoder().encode(out);
}
