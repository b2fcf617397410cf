/**
 * A fast path to `normalizeText` for the plain cells that make up most of a list (ASCII names,
 * ISO dates, Persian digits): those need only lowercasing, digit folding and space collapsing, not
 * the Unicode normalizations that dominate the cost of preparing 100,000 records.
 */
import { asciiDigits, normalizeText } from "../names/index.ts";

/** Printable ASCII except the backtick (which normalizeText turns into an apostrophe), plus Persian and Arabic-Indic digits. */
const PLAIN = /^[\x20-\x5F\x61-\x7E\u06F0-\u06F9\u0660-\u0669]*$/;
const LOCAL_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/;

/**
 * The text of one column of a record, "" when the record has no such column. Column names come
 * from files and settings, and an indexed read of a plain object would return what it inherits
 * for a name like "constructor" (issue 13), so only own properties count.
 * @example cellOf({ city: "Tehran" }, "constructor") // ""
 */
export function cellOf(record: Readonly<Record<string, string>>, column: string): string {
  return Object.hasOwn(record, column) ? (record[column] ?? "") : "";
}

/** Equals `normalizeText(s)`, computed without Unicode normalization when `s` is plain. */
export function normalizeCell(s: string): string {
  if (!PLAIN.test(s)) return normalizeText(s);
  const folded = LOCAL_DIGIT.test(s) ? asciiDigits(s) : s;
  return folded.toLowerCase().replace(/ {2,}/g, " ").trim();
}
