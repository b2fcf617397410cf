/**
 * Partial, calendar-aware dates: parse what sources wrote (Jalali, Gregorian, Lunar Hijri; Persian,
 * Arabic or ASCII digits; qualifiers and ranges), store a Gregorian interval, display in any calendar.
 * Everything here is pure: no I/O, frozen values.
 */
export {
  PartialDateSchema,
  DatePartsSchema,
  CALENDARS,
  PRECISIONS,
  QUALIFIERS,
  OPEN_START,
  OPEN_END,
  type PartialDate,
  type Calendar,
  type Precision,
  type Qualifier,
  type DateParts,
} from "./partial-date.schema.ts";
export { parseDate, type ParseDateOptions } from "./parse.ts";
export { formatDate, type FormatDateOptions } from "./format.ts";
export { toPersianDigits, toAsciiDigits } from "./digits.ts";
export { foldText } from "./normalize.ts";
export { jalaliMonthNames, gregorianMonthNames, hijriMonthNames } from "./month-names.ts";
export { intervalOf, overlaps, ABOUT_WIDENING } from "./interval.ts";
