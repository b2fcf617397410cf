/**
 * Share images (Open Graph / Twitter card): an SVG card with the page's public title, drawn to a
 * 1200×630 PNG by resvg (a prebuilt binary shipped inside its npm package). Text is shaped by
 * resvg with the system's fonts (Debian's DejaVu Sans covers Persian), nothing is fetched. The SVG
 * is also served, so what the image says can be checked as text.
 */
import { Resvg } from "@resvg/resvg-js";
import type { Lang } from "../../i18n/index.ts";
import { xmlEscape } from "../machine/xml.ts";

/** What a share card says. */
export interface ShareCard {
  lang: Lang;
  title: string;
  subtitle: string;
  site: string;
  fictional: string | undefined;
}

/** Splits text into at most `maxLines` lines of about `width` characters, at spaces. */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

/** The SVG source of a share card. */
export function shareSvg(card: ShareCard): string {
  const rtl = card.lang === "fa";
  const x = rtl ? 1120 : 80;
  const anchor = rtl ? "end" : "start";
  const dir = rtl ? ` direction="rtl"` : "";
  const text = (y: number, size: number, s: string, fill = "#fdfcf9", weight = "normal") =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}"${dir}>${xmlEscape(s)}</text>`;
  const titleLines = wrap(card.title, 30, 3);
  const parts = [
    `<rect width="1200" height="630" fill="#1d2a33"/>`,
    `<rect x="${rtl ? 1180 : 0}" width="20" height="630" fill="#b5523f"/>`,
    text(110, 40, card.site, "#e0a190", "bold"),
    ...titleLines.map((l, i) => text(230 + i * 78, 64, l, "#fdfcf9", "bold")),
    text(230 + titleLines.length * 78 + 20, 36, card.subtitle, "#c9d1d9"),
    ...(card.fictional ? [text(580, 26, card.fictional, "#e0a190")] : []),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630" font-family="DejaVu Sans, Noto Sans, sans-serif">${parts.join("")}</svg>`;
}

/** Draws an SVG to PNG bytes. */
export function renderPng(svg: string): Uint8Array {
  const r = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, fitTo: { mode: "original" } });
  return r.render().asPng();
}
