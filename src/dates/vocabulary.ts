/**
 * The words around a date that the parser understands: qualifiers, range connectives, calendar markers,
 * seasons and filler words. Patterns run on folded text (see normalize.ts): lowercase, ASCII digits,
 * Persian letter forms, no diacritics, tatweel or ZWNJ ("حدوداً" arrives as "حدودا", "هـ.ش" as "ه.ش").
 */
import type { Calendar } from "./partial-date.schema.ts";

// Persian letters are not \w, so word edges are written as "no letter before/after".
const B = "(?<!\\p{L})";
const E = "(?!\\p{L})";

/** Leading words meaning "about" (English, Persian). */
export const ABOUT_PREFIX = new RegExp(
  `^(?:${B}(?:about|circa|ca\\.?|c\\.|approx\\.|approximately|around|roughly|در\\s+حدود|حدودا|حدود|حوالی|تقریبا)${E}|~|≈)\\s*`,
  "u",
);
/** Leading words meaning "before". */
export const BEFORE_PREFIX = new RegExp(`^${B}(?:before|prior\\s+to|قبل\\s+از|پیش\\s+از)${E}\\s*`, "u");
/** Leading words meaning "after". */
export const AFTER_PREFIX = new RegExp(`^${B}(?:after|بعد\\s+از|پس\\s+از)${E}\\s*`, "u");
/** "between A and B", "from A to B", "بین A و B", "از A تا B". */
export const BETWEEN_PHRASE = new RegExp(
  `^(?:between|from|بین|مابین|از)\\s+(.+?)\\s+(?:and|to|until|till|through|و|تا)\\s+(.+)$`,
  "u",
);
/** A bare range: "A – B", "A — B", "A - B" (a hyphen needs spaces around it), "A to B", "A تا B". */
export const RANGE_SEPARATOR = /\s*[–—‒―−]\s*|\s+-\s+|\s+(?:to|until|till|through|تا)\s+/u;

// Calendar markers, longest first so "هجری شمسی" wins over "ش"; one capture group per entry.
const MARKERS: readonly (readonly [string, Calendar])[] = [
  [
    "هجری\\s+شمسی|هجری\\s+خورشیدی|ه\\s*\\.?\\s*ش\\.?|شمسی|خورشیدی|solar\\s+hijri|jalali|s\\.\\s*h\\.?|sh|hs|a\\.p\\.|ap",
    "jalali",
  ],
  ["هجری\\s+قمری|ه\\s*\\.?\\s*ق\\.?|قمری|lunar\\s+hijri|hijri|a\\.\\s*h\\.?|ah", "hijri"],
  ["میلادی|gregorian|c\\.\\s*e\\.?|ce|a\\.\\s*d\\.?|ad", "gregorian"],
  ["ش", "jalali"],
  ["ق", "hijri"],
  ["م", "gregorian"],
];
/** One pattern for all calendar markers (a single pass matters on bulk imports); see {@link MARKER_CALENDARS}. */
export const CALENDAR_MARKER = new RegExp(
  `${B}(?:${MARKERS.map(([p]) => `(${p})`).join("|")})(?=$|[^\\p{L}])`,
  "gu",
);
/** The calendar of each capture group of {@link CALENDAR_MARKER}, in order. */
export const MARKER_CALENDARS: readonly Calendar[] = MARKERS.map(([, c]) => c);

/** Seasons, as the first month of a three-month span in the Jalali calendar (where seasons are exact). */
export const SEASON_PREFIX = new RegExp(
  `^(spring|summer|autumn|fall|winter|بهار|تابستان|پاییز|زمستان)${E}\\s*(?:of\\s+|سال\\s+)?`,
  "u",
);
/**
 * First Jalali month of each season: spring is Farvardin–Khordad, summer Tir–Shahrivar, and so on.
 * A Map, like every table that words of a date are looked up in: a plain object would also answer
 * "constructor" (issue 13).
 */
export const SEASON_FIRST_MONTH: ReadonlyMap<string, number> = new Map([
  ["spring", 1],
  ["بهار", 1],
  ["summer", 4],
  ["تابستان", 4],
  ["autumn", 7],
  ["fall", 7],
  ["پاییز", 7],
  ["winter", 10],
  ["زمستان", 10],
]);

/** Words that carry no date information ("7th of Mordad", "مرداد ماه سال ۱۳۶۷", "در مرداد"). */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  "of",
  "the",
  "on",
  "in",
  "year",
  "month",
  "ماه",
  "سال",
  "روز",
  "در",
]);
