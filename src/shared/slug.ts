/**
 * Turns a label into a URL slug: lowercase ASCII letters and digits joined by hyphens, keeping
 * Persian/Arabic letters as they are (readable URLs in both languages; browsers show them
 * decoded). Never empty: falls back to the given fallback.
 */
export function slugify(text: string, fallback: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f\u064B-\u065F\u0670]/g, "")
    .replace(/[\u200c\u200d]/g, "-")
    .toLowerCase()
    .replace(/[^a-z0-9\u0600-\u06FF]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return s || fallback;
}

/** A random id for new records (UUID v4). */
export function newId(): string {
  return crypto.randomUUID();
}
