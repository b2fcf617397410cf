/**
 * The normalized Gregorian interval of a partial date, and the query helpers over it.
 *
 * Rules (documented here because stored intervals depend on them):
 * - exact: the whole span the source names: a year, a month, or a day, in the entry calendar.
 * - about: the span widened in the entry calendar by {@link ABOUT_WIDENING}: ±1 year for a year,
 *   ±1 month for a month, ±7 days for a day ("about 1340" = 1 Farvardin 1339 … last day of Esfand 1341).
 * - before X: from {@link OPEN_START} to the day before X's span begins (strictly before).
 * - after X: from the day after X's span ends to {@link OPEN_END} (strictly after).
 * - between X and Y: from the first day of X to the last day of Y (both inclusive).
 */
import { monthLength, toDayNumber } from "./calendars.ts";
import { isoFromDay } from "./day-number.ts";
import {
  OPEN_END,
  OPEN_START,
  type Calendar,
  type DateParts,
  type PartialDate,
  type Qualifier,
} from "./partial-date.schema.ts";

/** How far "about" widens a date, by precision. */
export const ABOUT_WIDENING = Object.freeze({ years: 1, months: 1, days: 7 });

/** An inclusive span of day numbers. */
export interface DaySpan {
  first: number;
  last: number;
}

/** The inclusive day span a year, month or day covers in its calendar (parts already validated). */
export function spanOf(calendar: Calendar, parts: DateParts): DaySpan {
  const { year, month, day } = parts;
  if (month === undefined) {
    return {
      first: toDayNumber(calendar, year, 1, 1),
      last: toDayNumber(calendar, year, 12, monthLength(calendar, year, 12)),
    };
  }
  if (day === undefined) {
    return {
      first: toDayNumber(calendar, year, month, 1),
      last: toDayNumber(calendar, year, month, monthLength(calendar, year, month)),
    };
  }
  const d = toDayNumber(calendar, year, month, day);
  return { first: d, last: d };
}

/** Moves a year-month by whole months (month index arithmetic, so Esfand + 1 = Farvardin next year). */
function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The "about" span: the stated span widened by {@link ABOUT_WIDENING} in the entry calendar. */
function aboutSpan(calendar: Calendar, parts: DateParts): DaySpan {
  const { year, month, day } = parts;
  if (month === undefined) {
    const w = ABOUT_WIDENING.years;
    return {
      first: spanOf(calendar, { year: year - w }).first,
      last: spanOf(calendar, { year: year + w }).last,
    };
  }
  if (day === undefined) {
    const w = ABOUT_WIDENING.months;
    return {
      first: spanOf(calendar, addMonths(year, month, -w)).first,
      last: spanOf(calendar, addMonths(year, month, w)).last,
    };
  }
  const d = toDayNumber(calendar, year, month, day);
  return { first: d - ABOUT_WIDENING.days, last: d + ABOUT_WIDENING.days };
}

/**
 * Computes the normalized Gregorian interval for a qualified date in its entry calendar.
 * @param calendar the entry calendar
 * @param qualifier exact, about, before, after or between
 * @param start the stated date (the start, for "between")
 * @param end the end of a "between" range
 * @returns ISO-8601 earliest and latest days, inclusive
 */
export function computeInterval(
  calendar: Calendar,
  qualifier: Qualifier,
  start: DateParts,
  end?: DateParts,
): { earliest: string; latest: string } {
  switch (qualifier) {
    case "exact": {
      const s = spanOf(calendar, start);
      return { earliest: isoFromDay(s.first), latest: isoFromDay(s.last) };
    }
    case "about": {
      const s = aboutSpan(calendar, start);
      return { earliest: isoFromDay(s.first), latest: isoFromDay(s.last) };
    }
    case "before":
      return { earliest: OPEN_START, latest: isoFromDay(spanOf(calendar, start).first - 1) };
    case "after":
      return { earliest: isoFromDay(spanOf(calendar, start).last + 1), latest: OPEN_END };
    case "between":
      return {
        earliest: isoFromDay(spanOf(calendar, start).first),
        latest: isoFromDay(spanOf(calendar, end ?? start).last),
      };
  }
}

/**
 * The normalized Gregorian interval of a partial date.
 * @param d a partial date
 * @returns its inclusive ISO-8601 `earliest` and `latest` days
 * @example intervalOf(parseDate("Mordad 1367")) // { earliest: "1988-07-23", latest: "1988-08-22" }
 */
export function intervalOf(d: PartialDate): { earliest: string; latest: string } {
  return { earliest: d.earliest, latest: d.latest };
}

/**
 * Whether a partial date's interval shares at least one day with `[fromIso, toIso]` (both inclusive).
 * ISO-8601 days with four-digit years compare correctly as strings, which is what the database does too.
 * @param d a partial date
 * @param fromIso first day of the query window, `YYYY-MM-DD`
 * @param toIso last day of the query window, `YYYY-MM-DD`
 * @returns true when the two intervals overlap
 * @example overlaps(parseDate("Mordad 1367"), "1988-08-01", "1988-08-31") // true
 */
export function overlaps(d: PartialDate, fromIso: string, toIso: string): boolean {
  return d.earliest <= toIso && d.latest >= fromIso;
}
