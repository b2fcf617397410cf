// linkedom and Readability are loaded on the first capture, not at start-up: loading linkedom
// alone takes about 0.2 s, which every `sabt` command and every server start would otherwise pay.

/** The readable main text of a page and its title. */
export interface MainText {
  title: string;
  text: string;
  /** True when Readability found an article; false when the whole body text was used. */
  article: boolean;
}

/**
 * Extracts the main text of an HTML document with Readability over linkedom. linkedom builds a
 * DOM without running scripts or fetching anything, so hostile HTML is only parsed, never run.
 */
export async function extractMainText(html: string): Promise<MainText> {
  const [{ parseHTML }, { Readability }] = await Promise.all([import("linkedom"), import("@mozilla/readability")]);
  const { document } = parseHTML(html);
  const title = (document.querySelector("title")?.textContent ?? "").trim();
  document.querySelectorAll("script, style, noscript, template").forEach((el) => el.remove());
  // textContent runs block elements together ("heading" + "paragraph" → one word); a newline
  // after each block keeps paragraphs apart in the extracted text, which quotes are cited from.
  document
    .querySelectorAll(
      "p, h1, h2, h3, h4, h5, h6, li, br, div, section, article, header, footer, blockquote, tr, td, th, pre, figcaption, dt, dd",
    )
    .forEach((el) => el.append(document.createTextNode("\n")));
  const bodyText = normalize(document.body?.textContent ?? document.documentElement?.textContent ?? "");
  let article: { textContent?: string | null; title?: string | null } | null = null;
  try {
    article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  } catch {
    article = null;
  }
  const text = normalize(article?.textContent ?? "");
  if (text.length >= Math.min(200, bodyText.length * 0.5) && text.length > 0) {
    return { title: (article?.title ?? title).trim() || title, text, article: true };
  }
  return { title, text: bodyText, article: false };
}

function normalize(s: string): string {
  return s
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
