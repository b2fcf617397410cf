/**
 * One small interface over the three calendars: month lengths, validation with readable messages,
 * and conversion to and from day numbers. Jalali conversion is jalaali-js's; Hijri is ICU's Umm al-Qura.
 */
import { d2j, j2d, jalaaliMonthLength } from "jalaali-js";
import { SabtError } from "../shared/errors.ts";
import { dayFromGregorian, gregorianFromDay, gregorianMonthLength, type Ymd } from "./day-number.ts";
import { HIJRI_MAX_YEAR, HIJRI_MIN_YEAR, dayFromHijri, hijriFromDay, hijriMonthLength } from "./hijri.ts";
import { monthName } from "./month-names.ts";
import type { Calendar, DateParts } from "./partial-date.schema.ts";

/** Julian Day Number of 1970-01-01, the zero of our day numbers. */
const JDN_UNIX_EPOCH = 2_440_588;

/**
 * The years each calendar accepts. Well inside what the converters handle (jalaali-js: -61…3177), and
 * capped near the present era so that a year written in the wrong calendar ("1988 ش") is refused
 * instead of becoming a date six centuries ahead.
 */
export const YEAR_RANGE: Record<Calendar, readonly [number, number]> = {
  gregorian: [1, 2300],
  jalali: [1, 1700],
  hijri: [HIJRI_MIN_YEAR, HIJRI_MAX_YEAR],
};

const CALENDAR_LABEL: Record<Calendar, string> = { gregorian: "CE", jalali: "SH", hijri: "AH" };

/** Number of days in a month of the given calendar. */
export function monthLength(calendar: Calendar, year: number, month: number): number {
  switch (calendar) {
    case "gregorian":
      return gregorianMonthLength(year, month);
    case "jalali":
      return jalaaliMonthLength(year, month);
    case "hijri":
      return hijriMonthLength(year, month);
  }
}

/** Day number (days since 1970-01-01) of a valid date in the given calendar. */
export function toDayNumber(calendar: Calendar, year: number, month: number, day: number): number {
  switch (calendar) {
    case "gregorian":
      return dayFromGregorian(year, month, day);
    case "jalali":
      return j2d(year, month, day) - JDN_UNIX_EPOCH;
    case "hijri":
      return dayFromHijri(year, month, day);
  }
}

/** The date in the given calendar of a day number. */
export function fromDayNumber(calendar: Calendar, dayNumber: number): Ymd {
  switch (calendar) {
    case "gregorian":
      return gregorianFromDay(dayNumber);
    case "jalali": {
      const { jy, jm, jd } = d2j(dayNumber + JDN_UNIX_EPOCH);
      return { year: jy, month: jm, day: jd };
    }
    case "hijri":
      return hijriFromDay(dayNumber);
  }
}

/**
 * Checks that a year, month and day exist in the calendar; throws a message a data-entry person can act
 * on ("Esfand 1366 has 29 days") rather than letting a date roll over into the next month.
 */
export function assertValidParts(calendar: Calendar, parts: DateParts): void {
  const [min, max] = YEAR_RANGE[calendar];
  if (!Number.isInteger(parts.year) || parts.year < min || parts.year > max) {
    throw new SabtError(
      "validation_failed",
      `year ${parts.year} is outside the supported range ${min}–${max} ${CALENDAR_LABEL[calendar]}`,
    );
  }
  if (parts.month === undefined) {
    if (parts.day !== undefined) throw new SabtError("validation_failed", "a day needs a month");
    return;
  }
  if (!Number.isInteger(parts.month) || parts.month < 1 || parts.month > 12) {
    throw new SabtError("validation_failed", `month ${parts.month} does not exist (months are 1–12)`);
  }
  if (parts.day === undefined) return;
  const length = monthLength(calendar, parts.year, parts.month);
  if (!Number.isInteger(parts.day) || parts.day < 1 || parts.day > length) {
    const name = monthName(calendar, parts.month, "en");
    throw new SabtError(
      "validation_failed",
      parts.day >= 1 && parts.day <= 31
        ? `${name} ${parts.year} has ${length} days, so day ${parts.day} does not exist`
        : `day ${parts.day} does not exist (${name} ${parts.year} has ${length} days)`,
    );
  }
}
