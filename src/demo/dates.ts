/**
 * Calendar helpers for the demo: a day is held as a Gregorian ISO string and rendered as a
 * partial `DemoDate` in Jalali or Gregorian, in Persian, Arabic-Indic or ASCII digits.
 */
import { d2g, g2d, jalaaliMonthLength, toGregorian, toJalaali } from "jalaali-js";
import { gregorianMonthNames, jalaliMonthNames } from "../dates/index.ts";
import type { DemoDate } from "./types.ts";

// Month names come from Sabt's date core, so the demo writes exactly what the parser reads.
/** Persian month names, Farvardin first. */
export const JALALI_MONTHS_FA = jalaliMonthNames.fa;

/** English month names, January first. */
export const GREGORIAN_MONTHS_EN = gregorianMonthNames.en;

/** Which digits a rendered Persian date uses. */
export type DigitStyle = "persian" | "arabic" | "ascii";

const PERSIAN_ZERO = 0x06f0;
const ARABIC_ZERO = 0x0660;

/** Rewrites ASCII digits in `text` with the given digit style. */
export function withDigits(text: string, style: DigitStyle): string {
  if (style === "ascii") return text;
  const zero = style === "persian" ? PERSIAN_ZERO : ARABIC_ZERO;
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(zero + Number(d)));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** A Gregorian ISO day `YYYY-MM-DD`. */
export function isoDay(gy: number, gm: number, gd: number): string {
  return `${pad(gy, 4)}-${pad(gm)}-${pad(gd)}`;
}

function parseIso(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

/** Adds `days` to an ISO day (Julian day numbers: no clock, no Date allocation at 100k rows). */
export function addDays(iso: string, days: number): string {
  const g = d2g(g2d(...parseIso(iso)) + days);
  return isoDay(g.gy, g.gm, g.gd);
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return g2d(...parseIso(b)) - g2d(...parseIso(a));
}

/** The Jalali parts of an ISO day. */
export function toJalali(iso: string): { jy: number; jm: number; jd: number } {
  return toJalaali(...parseIso(iso));
}

/** The ISO day of a Jalali date. */
export function fromJalali(jy: number, jm: number, jd: number): string {
  const g = toGregorian(jy, jm, jd);
  return isoDay(g.gy, g.gm, g.gd);
}

/** How a Jalali date is written by a Persian-script list. */
export type JalaliFormat = "slash" | "words" | "month" | "year";

/** Renders an ISO day as a Jalali `DemoDate` with the given precision/format and digits. */
export function jalaliDate(iso: string, format: JalaliFormat, digits: DigitStyle): DemoDate {
  const { jy, jm, jd } = toJalali(iso);
  const monthName = JALALI_MONTHS_FA[jm - 1] ?? "";
  switch (format) {
    case "slash":
      return {
        text: withDigits(`${jy}/${pad(jm)}/${pad(jd)}`, digits),
        calendar: "jalali",
        precision: "day",
        earliest: iso,
        latest: iso,
      };
    case "words":
      return {
        text: withDigits(`${jd} ${monthName} ${jy}`, digits),
        calendar: "jalali",
        precision: "day",
        earliest: iso,
        latest: iso,
      };
    case "month":
      return {
        text: withDigits(`${monthName} ${jy}`, digits),
        calendar: "jalali",
        precision: "month",
        earliest: fromJalali(jy, jm, 1),
        latest: fromJalali(jy, jm, jalaaliMonthLength(jy, jm)),
      };
    case "year":
      return {
        text: withDigits(String(jy), digits),
        calendar: "jalali",
        precision: "year",
        earliest: fromJalali(jy, 1, 1),
        latest: addDays(fromJalali(jy + 1, 1, 1), -1),
      };
  }
}

/** How a Gregorian date is written by a Latin-script list. */
export type GregorianFormat = "iso" | "dmy" | "mdy" | "month" | "year";

/** Renders an ISO day as a Gregorian `DemoDate` with the given precision/format. */
export function gregorianDate(iso: string, format: GregorianFormat): DemoDate {
  const [y, m, d] = parseIso(iso);
  const monthName = GREGORIAN_MONTHS_EN[m - 1] ?? "";
  switch (format) {
    case "iso":
      return { text: iso, calendar: "gregorian", precision: "day", earliest: iso, latest: iso };
    case "dmy":
      return {
        text: `${d} ${monthName} ${y}`,
        calendar: "gregorian",
        precision: "day",
        earliest: iso,
        latest: iso,
      };
    case "mdy":
      return {
        text: `${monthName} ${d}, ${y}`,
        calendar: "gregorian",
        precision: "day",
        earliest: iso,
        latest: iso,
      };
    case "month": {
      const last = addDays(isoDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1), -1);
      return {
        text: `${monthName} ${y}`,
        calendar: "gregorian",
        precision: "month",
        earliest: isoDay(y, m, 1),
        latest: last,
      };
    }
    case "year":
      return {
        text: String(y),
        calendar: "gregorian",
        precision: "year",
        earliest: isoDay(y, 1, 1),
        latest: isoDay(y, 12, 31),
      };
  }
}

/** A Jalali `DemoDate` from parts: year, year-month or full day, written with Persian digits. */
export function jalaliParts(jy: number, jm?: number, jd?: number): DemoDate {
  if (jm === undefined) return jalaliDate(fromJalali(jy, 1, 1), "year", "persian");
  if (jd === undefined) return jalaliDate(fromJalali(jy, jm, 1), "month", "persian");
  return jalaliDate(fromJalali(jy, jm, jd), "slash", "persian");
}

/** A Gregorian `DemoDate` from parts: year, year-month or full day. */
export function gregorianParts(y: number, m?: number, d?: number): DemoDate {
  if (m === undefined) return gregorianDate(isoDay(y, 1, 1), "year");
  if (d === undefined) return gregorianDate(isoDay(y, m, 1), "month");
  return gregorianDate(isoDay(y, m, d), "iso");
}
