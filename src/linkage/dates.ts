/**
 * Dates as lists record them: Solar Hijri or Gregorian, full dates, month and year, year only, or an
 * age at death. Each parses to an interval of days so that comparison across calendars and
 * precisions is one interval-distance computation.
 */
import { jalaaliMonthLength, toGregorian } from "jalaali-js";
import { normalizeCell } from "./text.ts";

/** A date known to lie within [lo, hi] (days since 1970-01-01, Gregorian). */
export interface DateRange {
  readonly lo: number;
  readonly hi: number;
  /** The most precise unit the source gave. */
  readonly precision: "day" | "month" | "year";
}

const PERSIAN_MONTHS = [
  "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
];
const LATIN_MONTHS = [
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
/** Latin spellings of the Solar Hijri months, since Latin lists sometimes keep the Persian calendar. */
const JALALI_LATIN_MONTHS = [
  "farvardin", "ordibehesht", "khordad", "tir", "mordad", "shahrivar", "mehr", "aban", "azar", "dey", "bahman", "esfand",
];

const DAY_MS = 86_400_000;

function dayNumber(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Years below this are read as Solar Hijri (1300 SH = 1921 CE); Sabt's lists span both. */
const JALALI_YEAR_LIMIT = 1500;

function jalaliRange(y: number, m?: number, d?: number): DateRange | undefined {
  if (m !== undefined && (m < 1 || m > 12)) return jalaliRange(y);
  const first = m ?? 1;
  const last = m ?? 12;
  const lastDay = jalaaliMonthLength(y, last);
  if (d !== undefined && d >= 1 && d <= jalaaliMonthLength(y, first)) {
    const g = toGregorian(y, first, d);
    const n = dayNumber(g.gy, g.gm, g.gd);
    return { lo: n, hi: n, precision: "day" };
  }
  const a = toGregorian(y, first, 1);
  const b = toGregorian(y, last, lastDay);
  return { lo: dayNumber(a.gy, a.gm, a.gd), hi: dayNumber(b.gy, b.gm, b.gd), precision: m === undefined ? "year" : "month" };
}

function gregorianRange(y: number, m?: number, d?: number): DateRange | undefined {
  if (m !== undefined && (m < 1 || m > 12)) return gregorianRange(y);
  if (m === undefined) return { lo: dayNumber(y, 1, 1), hi: dayNumber(y, 12, 31), precision: "year" };
  const monthDays = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d !== undefined && d >= 1 && d <= monthDays) {
    const n = dayNumber(y, m, d);
    return { lo: n, hi: n, precision: "day" };
  }
  return { lo: dayNumber(y, m, 1), hi: dayNumber(y, m, monthDays), precision: "month" };
}

function rangeFor(y: number, m?: number, d?: number, calendar?: "jalali" | "gregorian"): DateRange | undefined {
  if (!Number.isFinite(y) || y < 1000 || y > 2200) return undefined;
  const cal = calendar ?? (y < JALALI_YEAR_LIMIT ? "jalali" : "gregorian");
  return cal === "jalali" ? jalaliRange(y, m, d) : gregorianRange(y, m, d);
}

function monthIndex(word: string): { month: number; calendar?: "jalali" | "gregorian" } | undefined {
  const fa = PERSIAN_MONTHS.indexOf(word);
  if (fa >= 0) return { month: fa + 1, calendar: "jalali" };
  const jl = JALALI_LATIN_MONTHS.indexOf(word);
  if (jl >= 0) return { month: jl + 1, calendar: "jalali" };
  const en = LATIN_MONTHS.indexOf(word.slice(0, 3));
  if (en >= 0 && word.length >= 3) return { month: en + 1, calendar: "gregorian" };
  return undefined;
}

/**
 * Parses a date in the formats lists use: 1367/06/02, 1988-08-24, 19880824, 24 August 1988,
 * August 24, 1988, شهریور ۱۳۶۷, 1367. Returns undefined when nothing date-like is found.
 * @example parseDate("۱۳۶۷/۰۶/۰۲") // the day 1988-08-24
 */
export function parseDate(raw: string): DateRange | undefined {
  const s = normalizeCell(raw);
  if (s === "") return undefined;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return rangeFor(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return rangeFor(+m[3]!, +m[2]!, +m[1]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return rangeFor(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})[-/.](\d{1,2})$/.exec(s);
  if (m) return rangeFor(+m[1]!, +m[2]!);
  m = /^(\d{4})(?:\.0)?$/.exec(s);
  if (m) return rangeFor(+m[1]!);
  // Worded forms: "24 august 1988", "august 24, 1988", "شهریور ۱۳۶۷", "۲ آبان ۱۴۰۳".
  const words = s.replace(/,/g, " ").split(/\s+/);
  const year = words.find((w) => /^\d{4}$/.test(w));
  if (year === undefined) return undefined;
  let month: ReturnType<typeof monthIndex>;
  let day: number | undefined;
  for (const w of words) {
    if (w === year) continue;
    if (/^\d{1,2}$/.test(w)) day = +w;
    else month ??= monthIndex(w);
  }
  if (month === undefined) return rangeFor(+year);
  return rangeFor(+year, month.month, day, month.calendar);
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
