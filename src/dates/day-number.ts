/**
 * Day numbers (days since 1970-01-01, proleptic Gregorian) and their ISO-8601 form. Every calendar
 * converts through a day number, so interval arithmetic ("±7 days", "the day before") is calendar-free.
 */

const MS_PER_DAY = 86_400_000;

/** A Gregorian year, month and day as numbers. */
export interface Ymd {
  year: number;
  month: number;
  day: number;
}

/** Day number of a proleptic Gregorian date (the caller has validated it). */
export function dayFromGregorian(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** Proleptic Gregorian date of a day number. */
export function gregorianFromDay(dayNumber: number): Ymd {
  const date = new Date(dayNumber * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Number of days in a Gregorian month. */
export function gregorianMonthLength(year: number, month: number): number {
  return dayFromGregorian(year, month + 1, 1) - dayFromGregorian(year, month, 1);
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** ISO-8601 `YYYY-MM-DD` of a day number. */
export function isoFromDay(dayNumber: number): string {
  const { year, month, day } = gregorianFromDay(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
