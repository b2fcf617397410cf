/**
 * Dates as lists record them: Solar Hijri or Gregorian, full dates, month and year, year only, or an
 * age at death. Each parses to an interval of days so that comparison across calendars and
 * precisions is one interval-distance computation. The calendars, month names and day numbers are
 * those of dates/; what this module adds is leniency: a list is read, never refused, so a cell the
 * strict reader rejects still gives what it can (the year of "1988-02-30", the day-first reading of
 * "05/08/1988").
 */
import { parseDate as parsePartialDate, type PartialDate } from "../dates/index.ts";
import { normalizeCell } from "./text.ts";

/** A date known to lie within [lo, hi] (days since 1970-01-01, Gregorian). */
export interface DateRange {
  readonly lo: number;
  readonly hi: number;
  /** The most precise unit the source gave. */
  readonly precision: "day" | "month" | "year";
}

const DAY_MS = 86_400_000;

const dayOf = (iso: string): number => Math.round(Date.parse(iso) / DAY_MS);

/** Ranges wider than this (a decade, an open "before 1988") say too little to compare. */
const WIDEST_RANGE_DAYS = 3 * 366;

function rangeOf(d: PartialDate): DateRange | undefined {
  const lo = dayOf(d.earliest);
  const hi = dayOf(d.latest);
  if (hi - lo > WIDEST_RANGE_DAYS) return undefined;
  const precision = d.qualifier === "exact" ? d.precision : lo === hi ? "day" : hi - lo <= 31 ? "month" : "year";
  return { lo, hi, precision };
}

/** Years below this are read as Solar Hijri (1300 SH = 1921 CE) when the text does not say; lists span both. */
const JALALI_YEAR_LIMIT = 1500;

function tryParse(text: string): DateRange | undefined {
  const year = YEAR.exec(text);
  // The calendar of a bare year, by the linker's own rule: dates/ refuses a year it cannot place
  // (1500–1799), but a list of historical records is Gregorian there.
  const calendar = year && Number(year[1]) < JALALI_YEAR_LIMIT ? "jalali" : "gregorian";
  try {
    return rangeOf(parsePartialDate(text, { calendar }));
  } catch {
    return undefined;
  }
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const YEAR_MONTH = /(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?$/;
const YEAR = /(?:^|\D)(\d{4})(?:\D|$)/;

/**
 * Parses a date in the formats lists use: 1367/06/02, 1988-08-24, 19880824, 24 August 1988,
 * August 24, 1988, شهریور ۱۳۶۷, 1367. Returns undefined when nothing date-like is found.
 * @example parseDate("۱۳۶۷/۰۶/۰۲") // the day 1988-08-24
 */
export function parseDate(raw: string): DateRange | undefined {
  const s = normalizeCell(raw);
  if (s === "") return undefined;
  const compact = COMPACT.exec(s);
  const text = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : s;
  const strict = tryParse(text);
  if (strict) return strict;
  // Lists from Iran write numeric dates day first: read an ambiguous "05/08/1988" that way.
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) {
    const r = tryParse(`${dayFirst[3]}-${dayFirst[2]}-${dayFirst[1]}`);
    if (r) return r;
  }
  // An impossible day or month: keep what is possible, the month, else the year.
  const yearMonth = YEAR_MONTH.exec(text);
  if (yearMonth) {
    const r = tryParse(`${yearMonth[1]}-${yearMonth[2]}`);
    if (r) return r;
  }
  const year = YEAR.exec(text);
  return year ? tryParse(year[1]!) : undefined;
}

/**
 * The birth range implied by an age at death: someone aged A died between their A-th and
 * (A+1)-th birthdays.
 */
export function birthFromAge(age: number, death: DateRange): DateRange | undefined {
  if (!Number.isFinite(age) || age < 0 || age > 120) return undefined;
  return { lo: Math.floor(death.lo - (age + 1) * 365.25), hi: Math.ceil(death.hi - age * 365.25), precision: "year" };
}

/** Days between two ranges (0 when they overlap). */
export function rangeGap(a: DateRange, b: DateRange): number {
  return Math.max(0, a.lo - b.hi, b.lo - a.hi);
}

/** The Gregorian year of a range's midpoint, a blocking key that both calendars share. */
export function midYear(r: DateRange): number {
  return gregorianYear(Math.floor((r.lo + r.hi) / 2));
}

/**
 * The Gregorian year of a day number, by integer arithmetic (Hinnant's civil-from-days): it runs
 * for every record, and a Date object per call is measurable at 100,000 records.
 */
export function gregorianYear(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}
