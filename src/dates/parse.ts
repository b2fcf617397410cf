/**
 * `parseDate`: free text from a source ("۷ مرداد ۱۳۶۷", "about 1340", "between Tir and Shahrivar 1367")
 * to a validated, frozen {@link PartialDate}.
 *
 * Calendar inference, first rule that applies:
 * 1. an explicit marker in the text: SH/ش/هجری شمسی → Jalali; AH/ق/هجری قمری → Lunar Hijri;
 *    CE/AD/م/میلادی → Gregorian;
 * 2. a month name (each name belongs to one calendar: "Mordad", "July", "Muharram");
 * 3. `opts.calendar` (a default for text that does not say, e.g. a list's date column);
 * 4. the year: 1300–1500 → Jalali (the design case's sources); 1800 or later → Gregorian.
 * Otherwise the date is refused as ambiguous. Lunar Hijri is never inferred from a bare number: a year
 * like 1408 must say AH/ق, use a Hijri month name, or come with `opts.calendar: "hijri"`.
 * Text evidence (1–2) outranks `opts.calendar`; a marker that contradicts a month name is an error.
 */
import { SabtError } from "../shared/errors.ts";
import { assertValidParts } from "./calendars.ts";
import { computeInterval, spanOf } from "./interval.ts";
import { foldText } from "./normalize.ts";
import { parsePoint, type RawPoint } from "./parse-point.ts";
import type { Calendar, DateParts, PartialDate, Precision, Qualifier } from "./partial-date.schema.ts";
import {
  ABOUT_PREFIX,
  AFTER_PREFIX,
  BEFORE_PREFIX,
  BETWEEN_PHRASE,
  CALENDAR_MARKER,
  MARKER_CALENDARS,
  RANGE_SEPARATOR,
  SEASON_FIRST_MONTH,
  SEASON_PREFIX,
} from "./vocabulary.ts";

/** Options for {@link parseDate}. */
export interface ParseDateOptions {
  /** The calendar to assume when the text does not say (rule 3 above). */
  calendar?: Calendar;
  /** The language of the surrounding data. Names and digits of both languages are always accepted. */
  lang?: "fa" | "en";
}

/** Years the bare-number rule (4) reads as Jalali. */
const JALALI_BARE_YEARS = [1300, 1500] as const;
/** First year the bare-number rule (4) reads as Gregorian. */
const GREGORIAN_BARE_FROM = 1800;

const HAS_LETTER = /[a-z\u0600-\u06ff]/;

const fail = (message: string): never => {
  throw new SabtError("validation_failed", message);
};

/** Removes calendar markers from the text and reports which calendar they name. */
function takeMarkers(text: string): { rest: string; calendar?: Calendar } {
  let calendar: Calendar | undefined;
  // Markers are letters; skip the regex on purely numeric text ("1367/05/07"), the bulk of imports.
  if (!HAS_LETTER.test(text)) return { rest: text };
  const rest = text.replace(CALENDAR_MARKER, (...groups: unknown[]) => {
    for (let g = 0; g < MARKER_CALENDARS.length; g++) {
      if (groups[g + 1] === undefined) continue;
      const found = MARKER_CALENDARS[g];
      if (calendar && found !== calendar) fail(`conflicting calendar markers (${calendar}, ${found})`);
      calendar = found;
      break;
    }
    return " ";
  });
  return calendar ? { rest: rest.trim(), calendar } : { rest: rest.trim() };
}

/** Picks the calendar for all parts of a date by the rules in this module's header. */
function resolveCalendar(
  points: readonly RawPoint[],
  marker: Calendar | undefined,
  opts: ParseDateOptions,
): Calendar {
  let byName: Calendar | undefined;
  let allJalaliYears = true;
  let allGregorianYears = true;
  const years: number[] = [];
  for (const p of points) {
    if (p.nameCalendar) {
      if (byName && byName !== p.nameCalendar) {
        fail(`month names from different calendars (${byName}, ${p.nameCalendar})`);
      }
      byName = p.nameCalendar;
    }
    if (p.year !== undefined) {
      years.push(p.year);
      allJalaliYears &&= p.year >= JALALI_BARE_YEARS[0] && p.year <= JALALI_BARE_YEARS[1];
      allGregorianYears &&= p.year >= GREGORIAN_BARE_FROM;
    }
  }
  if (marker && byName && marker !== byName) {
    fail(`the month name is ${byName} but the marker says ${marker}`);
  }
  const chosen = marker ?? byName ?? opts.calendar;
  if (chosen) return chosen;
  if (years.length > 0 && allJalaliYears) return "jalali";
  if (years.length > 0 && allGregorianYears) return "gregorian";
  return fail(
    `cannot tell the calendar of year ${years.join("–")}: add SH (ش), AH (ق) or CE (م), a month name, or choose a calendar`,
  );
}

/** Turns a raw point into validated parts in its calendar, settling day/month order for Gregorian. */
function toParts(point: RawPoint, calendar: Calendar, label: string): DateParts {
  let { month, day } = point;
  if (point.numericOrder === "dmy?" && calendar === "gregorian" && month !== undefined && day !== undefined) {
    // Gregorian sources use both 29/07/1988 and 07/29/1988: decide only when one number exceeds 12.
    if (month > 12 && day <= 12) [month, day] = [day, month];
    else if (month <= 12 && day <= 12 && month !== day) {
      fail(`"${label}" could be day/month or month/day: write 1988-07-29 or 29 July 1988`);
    }
  }
  if (point.year === undefined) return fail(`a year is missing in "${label}"`);
  const parts: DateParts = { year: point.year };
  if (month !== undefined) parts.month = month;
  if (day !== undefined) parts.day = day;
  assertValidParts(calendar, parts);
  return parts;
}

/** Lets the start of a range borrow what it left out from the end: "1–15 Mordad 1367", "Tir–Shahrivar 1367". */
function completeStart(start: RawPoint, end: RawPoint): RawPoint {
  if (start.year !== undefined) return start;
  const merged: RawPoint = { ...start, year: end.year };
  if (merged.month === undefined) merged.month = end.month;
  if (merged.nameCalendar === undefined && end.nameCalendar !== undefined) {
    merged.nameCalendar = end.nameCalendar;
  }
  if (merged.day !== undefined && end.day === undefined) {
    fail("a range that starts with a day must end with a day");
  }
  if (merged.day === undefined && end.day !== undefined) {
    fail("a range that ends with a day must start with a day");
  }
  return merged;
}

/** The precision a set of parts states. */
function precisionOf(p: DateParts): Precision {
  return p.day !== undefined ? "day" : p.month !== undefined ? "month" : "year";
}

const YEAR_DIGITS = /\d{3}/;
// A date exported from a database or spreadsheet with a zero time: "1988-07-29T00:00:00", "1367/05/10 00:00".
const MIDNIGHT_SUFFIX = /^(\d{3,4}([-/])\d{1,2}\2\d{1,2})(?:t| )00:00(?::00(?:\.0+)?)?(?:z|[+-]00:?00)?$/;

const PREFIXES = [
  ["about", ABOUT_PREFIX],
  ["before", BEFORE_PREFIX],
  ["after", AFTER_PREFIX],
] as const;

/** Splits off a leading qualifier; "between" is recognised with its range. */
function splitQualifier(text: string): { qualifier: Qualifier; parts: string[] } {
  const between = BETWEEN_PHRASE.exec(text);
  if (between) return { qualifier: "between", parts: [between[1] ?? "", between[2] ?? ""] };
  for (const [qualifier, pattern] of PREFIXES) {
    const m = pattern.exec(text);
    if (m) return { qualifier, parts: [text.slice(m[0].length)] };
  }
  const halves = text.split(RANGE_SEPARATOR);
  if (halves.length === 2) return { qualifier: "between", parts: halves };
  if (halves.length > 2) fail("a range has exactly two ends");
  // Lists write year ranges with a bare hyphen ("1367-1368", "1367/05/10-1367/06/10"). A hyphen
  // also separates the parts of one date ("1367-05-10", "1988-07"), so it is a range only when
  // it splits the text in exactly two and each side holds a year (three or more digits).
  const hyphenated = text.split("-");
  if (hyphenated.length === 2 && hyphenated.every((h) => YEAR_DIGITS.test(h))) {
    return { qualifier: "between", parts: hyphenated.map((h) => h.trim()) };
  }
  return { qualifier: "exact", parts: [text] };
}

/**
 * Parses a date as sources write it, in any of the three calendars, scripts and digit sets.
 * @param text the date as written: "1367/05/07", "۷ مرداد ۱۳۶۷", "Mordad 1367", "about 1340",
 *   "before 1988-07-29", "از تیر تا شهریور ۱۳۶۷", "summer 1367", "15 Dhu al-Hijjah 1408 AH"
 * @param opts `calendar`: the calendar to assume when the text does not say; `lang`: accepted for symmetry
 *   with formatDate (parsing always understands both languages)
 * @returns a frozen PartialDate whose earliest/latest is its Gregorian interval (rules in interval.ts)
 * @throws SabtError validation_failed with a readable message ("Esfand 1366 has 29 days, …")
 * @example parseDate("Mordad 1367").earliest // "1988-07-23"
 */
export function parseDate(text: string, opts: ParseDateOptions = {}): PartialDate {
  if (typeof text !== "string" || text.trim() === "") return fail("date is empty");
  const folded = foldText(text).replace(/\s+/g, " ").trim().replace(MIDNIGHT_SUFFIX, "$1");
  const { rest: unmarked, calendar: marker } = takeMarkers(folded);
  const { qualifier, parts: texts } = splitQualifier(unmarked);

  // A decade is a range of ten years: "1980s", "the 1360s", "دهه ۶۰" (in Persian, a two-digit
  // decade is of the 1300s: the 1360s SH, unless a marker says otherwise, "دهه ۶۰ میلادی").
  const decade = texts.length === 1 ? decadeOf(texts[0] ?? "", marker) : undefined;
  if (decade) {
    if (qualifier !== "exact") fail(`"${text}": a decade cannot be qualified`);
    const calendar = resolveCalendar([{ year: decade.first }], marker ?? decade.calendar, opts);
    return build(text, calendar, "between", { year: decade.first }, { year: decade.first + 9 });
  }

  // A season is a three-month range in the Jalali calendar ("summer 1367" = Tir–Shahrivar 1367).
  const season = texts.length === 1 ? SEASON_PREFIX.exec(texts[0] ?? "") : null;
  if (season) {
    if (qualifier !== "exact") fail(`"${text}": a season cannot be qualified`);
    const yearPoint = parsePoint((texts[0] ?? "").slice(season[0].length), false);
    if (yearPoint.month !== undefined || yearPoint.day !== undefined) {
      fail(`"${text}": a season takes only a year`);
    }
    const calendar = resolveCalendar([yearPoint], marker, opts);
    if (calendar !== "jalali") fail(`seasons are only understood in the Jalali calendar ("${text}")`);
    const first = SEASON_FIRST_MONTH.get(season[1] ?? "") ?? 1;
    return build(
      text,
      calendar,
      "between",
      { year: yearPoint.year ?? 0, month: first },
      { year: yearPoint.year ?? 0, month: first + 2 },
    );
  }

  const [startText = "", endText] = texts;
  if (endText === undefined) {
    const point = parsePoint(startText, false);
    const calendar = resolveCalendar([point], marker, opts);
    return build(text, calendar, qualifier, toParts(point, calendar, startText));
  }
  const rawEnd = parsePoint(endText, false);
  const rawStart = completeStart(parsePoint(startText, true), rawEnd);
  const calendar = resolveCalendar([rawStart, rawEnd], marker, opts);
  return build(
    text,
    calendar,
    qualifier,
    toParts(rawStart, calendar, startText),
    toParts(rawEnd, calendar, endText),
  );
}

const LATIN_DECADE = /^(?:the )?(\d{3})0'?s$/;
const PERSIAN_DECADE = /^دهه\s*(?:ی\s*)?(\d{2}|\d{4})$/u;

/** The first year of a decade written as "1980s" or "دهه ۶۰", and the calendar the words imply. */
function decadeOf(text: string, marker: Calendar | undefined): { first: number; calendar?: Calendar } | undefined {
  const latin = LATIN_DECADE.exec(text);
  if (latin) return { first: Number(latin[1]) * 10 };
  const persian = PERSIAN_DECADE.exec(text);
  if (!persian) return undefined;
  const n = Number(persian[1]);
  if (n % 10 !== 0) return fail(`"${text}": a decade is written with a round number (دهه ۶۰, دهه ۱۳۶۰)`);
  if (persian[1]!.length === 4) return { first: n };
  // A two-digit decade takes its century from the calendar: the 1300s SH, 1900s CE, 1400s AH.
  const century = marker === "gregorian" ? 1900 : marker === "hijri" ? 1400 : 1300;
  return { first: century + n, calendar: marker ?? "jalali" };
}

/** Assembles and freezes the value, checking that a range does not run backwards. */
function build(
  original: string,
  calendar: Calendar,
  qualifier: Qualifier,
  start: DateParts,
  end?: DateParts,
): PartialDate {
  if (end) {
    assertValidParts(calendar, end);
    if (spanOf(calendar, end).first < spanOf(calendar, start).first) {
      fail(`"${original}": the range ends before it starts`);
    }
  }
  const { earliest, latest } = computeInterval(calendar, qualifier, start, end);
  // Built field by field (no spread): fixed shape for speed, and absent parts stay absent in JSON.
  const value: PartialDate = {
    original,
    calendar,
    precision: precisionOf(start),
    qualifier,
    year: start.year,
    earliest,
    latest,
  };
  if (start.month !== undefined) value.month = start.month;
  if (start.day !== undefined) value.day = start.day;
  if (end) value.end = Object.freeze({ ...end });
  return Object.freeze(value);
}
