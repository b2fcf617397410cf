/**
 * `formatDate`: a partial date for people, in its own calendar or another, in English or Persian.
 * A conversion keeps the source's precision: "Mordad 1367" becomes "July–August 1988", never an
 * invented day, so the display is never more exact than the source.
 */
import { fromDayNumber } from "./calendars.ts";
import { toPersianDigits } from "./digits.ts";
import { spanOf, type DaySpan } from "./interval.ts";
import { monthName } from "./month-names.ts";
import type { Calendar, DateParts, PartialDate, Precision, Qualifier } from "./partial-date.schema.ts";

/** Options for {@link formatDate}. */
export interface FormatDateOptions {
  /** English month names and ASCII digits, or Persian month names and Persian digits. */
  lang: "fa" | "en";
  /** The calendar to show; "both" shows the entry calendar, then the other one in parentheses. */
  calendar: Calendar | "both";
}

type Lang = FormatDateOptions["lang"];

// A bare year needs its calendar named; month names already say it. Persian readers assume Jalali.
const YEAR_MARKER: Record<Lang, Record<Calendar, string>> = {
  en: { jalali: " SH", hijri: " AH", gregorian: "" },
  fa: { jalali: "", hijri: " ق", gregorian: " م" },
};

const QUALIFIED: Record<Lang, Record<"about" | "before" | "after", (s: string) => string>> = {
  en: { about: (s) => `about ${s}`, before: (s) => `before ${s}`, after: (s) => `after ${s}` },
  fa: { about: (s) => `حدود ${s}`, before: (s) => `قبل از ${s}`, after: (s) => `بعد از ${s}` },
};

const BETWEEN: Record<Lang, (a: string, b: string) => string> = {
  en: (a, b) => `between ${a} and ${b}`,
  fa: (a, b) => `از ${a} تا ${b}`,
};

/** Writes a year, month and day as stated, in one calendar. */
function writeParts(calendar: Calendar, p: DateParts, lang: Lang): string {
  if (p.month === undefined) return `${p.year}${YEAR_MARKER[lang][calendar]}`;
  const month = `${monthName(calendar, p.month, lang)} ${p.year}`;
  return p.day === undefined ? month : `${p.day} ${month}`;
}

/** Writes the unit (year, month or day) of `calendar` that contains a day, with its calendar's marker. */
function writeUnit(calendar: Calendar, dayNumber: number, precision: Precision, lang: Lang): string {
  const { year, month, day } = fromDayNumber(calendar, dayNumber);
  switch (precision) {
    case "day":
      return writeParts(calendar, { year, month, day }, lang);
    case "month":
      return writeParts(calendar, { year, month }, lang);
    case "year":
      return writeParts(calendar, { year }, lang);
  }
}

/** Writes a span at a precision: "July–August 1988", "1988–1989", "December 1988 – January 1989". */
function writeSpan(calendar: Calendar, span: DaySpan, precision: Precision, lang: Lang): string {
  const a = fromDayNumber(calendar, span.first);
  const b = fromDayNumber(calendar, span.last);
  const marker = YEAR_MARKER[lang][calendar];
  switch (precision) {
    case "day":
      return span.first === span.last
        ? writeUnit(calendar, span.first, "day", lang)
        : `${writeUnit(calendar, span.first, "day", lang)} – ${writeUnit(calendar, span.last, "day", lang)}`;
    case "year":
      return a.year === b.year ? `${a.year}${marker}` : `${a.year}–${b.year}${marker}`;
    case "month": {
      const first = monthName(calendar, a.month, lang);
      const last = monthName(calendar, b.month, lang);
      if (a.year !== b.year) return `${first} ${a.year} – ${last} ${b.year}`;
      return a.month === b.month ? `${first} ${a.year}` : `${first}–${last} ${a.year}`;
    }
  }
}

const precisionOf = (p: DateParts): Precision =>
  p.day !== undefined ? "day" : p.month !== undefined ? "month" : "year";

/** Writes `d` in its own calendar, exactly as stated. */
function writeStated(d: PartialDate, lang: Lang): string {
  const start = writeParts(d.calendar, { year: d.year, month: d.month, day: d.day }, lang);
  return qualify(d.qualifier, lang, start, d.end && writeParts(d.calendar, d.end, lang));
}

/**
 * Writes `d` converted to another calendar without claiming more precision than the source has:
 * exact/about dates become the span they cover ("July–August 1988"); before/after name the exact
 * boundary day, which is known precisely; ranges name the units holding their first and last days.
 */
function writeConverted(d: PartialDate, calendar: Calendar, lang: Lang): string {
  const start: DateParts = { year: d.year, month: d.month, day: d.day };
  const span = spanOf(d.calendar, start);
  switch (d.qualifier) {
    case "exact":
    case "about":
      return qualify(d.qualifier, lang, writeSpan(calendar, span, d.precision, lang));
    case "before":
      return qualify("before", lang, writeUnit(calendar, span.first, "day", lang));
    case "after":
      return qualify("after", lang, writeUnit(calendar, span.last, "day", lang));
    case "between": {
      const end = d.end ?? start;
      const last = spanOf(d.calendar, end).last;
      return qualify(
        "between",
        lang,
        writeUnit(calendar, span.first, d.precision, lang),
        writeUnit(calendar, last, precisionOf(end), lang),
      );
    }
  }
}

/** Adds a qualifier's words around the stated date(s). */
function qualify(qualifier: Qualifier, lang: Lang, a: string, b?: string): string {
  switch (qualifier) {
    case "exact":
      return a;
    case "about":
    case "before":
    case "after":
      return QUALIFIED[lang][qualifier](a);
    case "between":
      return BETWEEN[lang](a, b ?? a);
  }
}

/**
 * Formats a partial date for display, honest about its precision and qualifier.
 * @param d a partial date (from parseDate or the database)
 * @param opts `lang`: "en" or "fa" (Persian digits and month names); `calendar`: the calendar to show, or
 *   "both" for the entry calendar followed by its conversion in parentheses
 * @returns display text, e.g. "about Mordad 1367 (July–August 1988)"
 * @example formatDate(parseDate("Mordad 1367"), { lang: "en", calendar: "both" }) // "Mordad 1367 (July–August 1988)"
 */
export function formatDate(d: PartialDate, opts: FormatDateOptions): string {
  const { lang } = opts;
  const write = (calendar: Calendar) =>
    calendar === d.calendar ? writeStated(d, lang) : writeConverted(d, calendar, lang);
  let text: string;
  if (opts.calendar === "both") {
    const other: Calendar = d.calendar === "gregorian" ? "jalali" : "gregorian";
    text = `${write(d.calendar)} (${write(other)})`;
  } else {
    text = write(opts.calendar);
  }
  return lang === "fa" ? toPersianDigits(text) : text;
}
