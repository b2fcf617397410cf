/**
 * Reads one date (no qualifier, no range) into raw parts: numbers and at most one month name.
 * Which number is the year, month or day is decided here; which calendar, by the caller (parse.ts).
 */
import { SabtError } from "../shared/errors.ts";
import { MAX_MONTH_NAME_WORDS, lookupFoldedMonthName } from "./month-names.ts";
import type { Calendar } from "./partial-date.schema.ts";
import { FILLER_WORDS } from "./vocabulary.ts";

/** A date as read, before its calendar is known. A missing year is only allowed at a range's start. */
export interface RawPoint {
  year?: number;
  month?: number;
  day?: number;
  /** The calendar a month name belongs to, if one was written. */
  nameCalendar?: Calendar;
  /** Day/month/year in the order "a/b/yyyy": "dmy" is certain only for Jalali and Hijri (never US order). */
  numericOrder?: "ymd" | "dmy?";
}

const fail = (message: string): never => {
  throw new SabtError("validation_failed", message);
};

interface NumberToken {
  value: number;
  digits: number;
}

/**
 * Builds a RawPoint with every field present, so all points share one object shape: the parser runs
 * on every imported value, and object spreads over varying shapes were its slowest step.
 */
function point(
  year?: number,
  month?: number,
  day?: number,
  nameCalendar?: Calendar,
  numericOrder?: RawPoint["numericOrder"],
): RawPoint {
  return { year, month, day, nameCalendar, numericOrder };
}

/** Years are written with three or more digits; days and months with one or two. */
function isYear(n: NumberToken): boolean {
  return n.digits >= 3;
}

// Besides ASCII punctuation: the Arabic comma and semicolon, and the Arabic decimal and thousands
// separators and date separator (٫ ٬ ؍), which Persian keyboards type between the parts of a date.
const SEPARATORS = /[\s/\\.,،؛;:\-_\u066b\u066c\u060d]+/;
const NUMBER_WORD = /^(\d+)(?:st|nd|rd|th|ام)?$/;
const HAS_DIGIT = /\d/;

/** Splits a folded date into number tokens and a month name, rejecting anything else by name. */
function tokenize(text: string): { numbers: NumberToken[]; month?: { calendar: Calendar; month: number } } {
  // Hyphens and dots separate numbers ("1367-05-07", "7.5.1367") and split "al-Awwal"; names are
  // matched on joined words, so the split does not matter to them.
  const words = text.split(SEPARATORS);
  const numbers: NumberToken[] = [];
  let month: { calendar: Calendar; month: number } | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word === "") continue;
    const num = NUMBER_WORD.exec(word);
    if (num) {
      const digits = num[1] ?? "";
      numbers.push({ value: Number(digits), digits: String(Number(digits)).length });
      continue;
    }
    if (FILLER_WORDS.has(word)) continue;
    // A name spans only consecutive words (never a number): "rabi al awwal", "dhu al hijjah".
    let span = 0;
    while (span < MAX_MONTH_NAME_WORDS && i + span < words.length && !HAS_DIGIT.test(words[i + span] ?? "")) {
      span++;
    }
    let matched = false;
    for (let n = span; n >= 1 && !matched; n--) {
      const found = lookupFoldedMonthName(words.slice(i, i + n).join(" "));
      if (!found) continue;
      if (month) fail(`two month names in one date ("${text}")`);
      month = found;
      i += n - 1;
      matched = true;
    }
    if (!matched) fail(`"${word}" is not a month name, number or date word we understand`);
  }
  return month ? { numbers, month } : { numbers };
}

/**
 * Reads one date into raw parts.
 * @param text folded text of one date without qualifier or calendar marker
 * @param allowMissingYear true for the start of a range, which may borrow the end's year ("1–15 Mordad 1367")
 * @returns the parts read
 * @throws SabtError validation_failed when the numbers cannot be a date
 */
export function parsePoint(text: string, allowMissingYear: boolean): RawPoint {
  const { numbers, month } = tokenize(text);
  const [a, b, c] = numbers;
  if (!a) {
    if (!month) return fail("no date found: expected a year, a month and year, or a full date");
    if (!allowMissingYear) fail(`a year is missing after the month name in "${text}"`);
    return point(undefined, month.month, undefined, month.calendar);
  }
  // A two-digit year is a century guess (67 → 1367? 1967?); refuse rather than guess.
  if (!allowMissingYear && !isYear(a) && !(b && isYear(b)) && !(c && isYear(c))) {
    const last = c ?? b ?? a;
    fail(`"${last.value}" is not a full year: write all its digits (for example 1367 or 1988)`);
  }
  if (month) {
    const { month: m, calendar } = month;
    if (c) fail(`too many numbers in "${text}": expected a day and a year`);
    if (!b) {
      return isYear(a) ? point(a.value, m, undefined, calendar) : point(undefined, m, a.value, calendar);
    }
    if (isYear(a) === isYear(b)) fail(`cannot tell the day from the year in "${text}"`);
    return isYear(a) ? point(a.value, m, b.value, calendar) : point(b.value, m, a.value, calendar);
  }
  if (!b) return isYear(a) ? point(a.value) : point(undefined, undefined, a.value);
  if (!c) {
    if (isYear(a) && !isYear(b)) return point(a.value, b.value);
    if (isYear(b) && !isYear(a)) return point(b.value, a.value);
    if (!isYear(a) && !isYear(b) && allowMissingYear) return point(undefined, b.value, a.value);
    return fail(`cannot read "${text}" as a year and month`);
  }
  if (numbers.length > 3) fail(`too many numbers in "${text}"`);
  if (isYear(a) && !isYear(b) && !isYear(c)) {
    return point(a.value, b.value, c.value, undefined, "ymd");
  }
  if (isYear(c) && !isYear(a) && !isYear(b)) {
    return point(c.value, b.value, a.value, undefined, "dmy?");
  }
  return fail(`cannot read "${text}" as a date: write year/month/day (1367/05/07) or day/month/year`);
}
