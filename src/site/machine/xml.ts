/** Escaping for hand-written XML (feeds, sitemaps): text and attribute values. */

/** Escapes text for XML element content or a double-quoted attribute, dropping characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Percent-encodes a URL's path for use inside XML (sitemaps require escaped, ASCII-safe URLs). */
export function absoluteUrl(base: string, path: string): string {
  return base + encodeURI(decodeURI(path));
}
