/**
 * Lunar Hijri (Umm al-Qura) conversion through ICU's `islamic-umalqura` calendar, which Node 20 ships.
 *
 * Accuracy: ICU follows the Umm al-Qura tables for AH 1300-1600 (1882-2174 CE); outside that range it
 * falls back to the arithmetic (tabular) Islamic calendar. Umm al-Qura is Saudi Arabia's civil calendar;
 * dates in Iranian and Iraqi sources follow local moon sighting and can differ from it by a day or two,
 * so a Hijri day is only as exact as the source's own reckoning.
 */
import { dayFromGregorian } from "./day-number.ts";

const MS_PER_DAY = 86_400_000;
const HIJRI_EPOCH = dayFromGregorian(622, 7, 19);
const MEAN_LUNATION = 29.530588853;
/** Earliest Hijri year accepted; before AH 1300 dates follow the arithmetic calendar (see above). */
export const HIJRI_MIN_YEAR = 1;
/** Latest Hijri year accepted (see {@link HIJRI_MIN_YEAR}). */
export const HIJRI_MAX_YEAR = 1700;

const formatter = new Intl.DateTimeFormat("en-u-ca-islamic-umalqura-nu-latn", {
  timeZone: "UTC",
  year: "numeric",
  month: "numeric",
  day: "numeric",
});

/** A Lunar Hijri year, month and day. */
export interface HijriYmd {
  year: number;
  month: number;
  day: number;
}

/** The Umm al-Qura date of a day number. */
export function hijriFromDay(dayNumber: number): HijriYmd {
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatter.formatToParts(new Date(dayNumber * MS_PER_DAY))) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
  }
  return { year, month, day };
}

// Month starts are searched for once and cached: the tables are irregular, so there is no formula.
const monthStartCache = new Map<number, number>();

/** Day number of the first day of a Hijri month (month may be 0 or 13 to step across years). */
export function hijriMonthStart(year: number, month: number): number {
  const index = year * 12 + (month - 1);
  const cached = monthStartCache.get(index);
  if (cached !== undefined) return cached;
  // The mean lunation counted from 1 Muharram 1 AH (19 July 622, proleptic Gregorian) lands within a
  // few days of the real start; then walk by the observed distance until ICU says "day 1 of it".
  let guess = Math.round(HIJRI_EPOCH + (index - 12) * MEAN_LUNATION);
  for (let step = 0; step < 20; step++) {
    const h = hijriFromDay(guess);
    const offset = Math.round((h.year * 12 + h.month - 1 - index) * MEAN_LUNATION) + h.day - 1;
    if (offset === 0) break;
    guess -= offset;
  }
  monthStartCache.set(index, guess);
  return guess;
}

/** Number of days (29 or 30) in a Hijri month. */
export function hijriMonthLength(year: number, month: number): number {
  return hijriMonthStart(year, month + 1) - hijriMonthStart(year, month);
}

/** Day number of a Hijri date (the caller has validated it). */
export function dayFromHijri(year: number, month: number, day: number): number {
  return hijriMonthStart(year, month) + day - 1;
}
