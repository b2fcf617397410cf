/**
 * The two languages of the public site and the few pure helpers that depend on them: digits,
 * direction and dates (Jalali first in Persian, Gregorian first in English).
 */
import { formatDate, toPersianDigits, type PartialDate } from "../dates/index.ts";

/** A language of the public site. */
export type Lang = "fa" | "en";

/** Every language, Persian first (the design case's primary readers). */
export const LANGS: readonly Lang[] = ["fa", "en"];

/** True when the text is one of the site's languages. */
export function isLang(s: string | undefined): s is Lang {
  return s === "fa" || s === "en";
}

/** The other language, for the language switch and hreflang alternates. */
export function otherLang(lang: Lang): Lang {
  return lang === "fa" ? "en" : "fa";
}

/** Writing direction of a language. */
export function dirOf(lang: Lang): "rtl" | "ltr" {
  return lang === "fa" ? "rtl" : "ltr";
}

/** A number for display: Persian digits and separators in Persian, ASCII grouping in English. */
export function num(lang: Lang, n: number): string {
  const s = n.toLocaleString("en-US");
  return lang === "fa" ? toPersianDigits(s.replace(/,/g, "٬")) : s;
}

/** Digits of any text in the reader's script (Persian digits in Persian). */
export function digits(lang: Lang, s: number | string): string {
  return lang === "fa" ? toPersianDigits(String(s)) : String(s);
}

/**
 * A partial date in both calendars: Jalali first (Gregorian in parentheses) in Persian, Gregorian
 * first (Jalali in parentheses) in English; never more precise than the source.
 */
export function bothCalendars(lang: Lang, d: PartialDate): string {
  const [first, second] = lang === "fa" ? (["jalali", "gregorian"] as const) : (["gregorian", "jalali"] as const);
  return `${formatDate(d, { lang, calendar: first })} (${formatDate(d, { lang, calendar: second })})`;
}

/** A partial date in the reader's main calendar only (for compact lists). */
export function mainCalendar(lang: Lang, d: PartialDate): string {
  return formatDate(d, { lang, calendar: lang === "fa" ? "jalali" : "gregorian" });
}
