/**
 * Text folding shared by the parser and the month-name lookup, so that a name matches however it was
 * typed: any digits, Arabic or Persian letter forms, with or without ZWNJ, diacritics or case.
 * Written as plain replacements rather than Unicode normalization because the parser runs it on every
 * imported date (and the all-days test on 300,000 of them); NFD runs only for accented Latin letters.
 */
import { toAsciiDigits } from "./digits.ts";

const LATIN_ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/;

// Direction marks and isolates (LRM, RLM, ALM, embeddings, isolates): invisible, carry no date
// information, and arrive with every date copied from a right-to-left document or spreadsheet.
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

// Characters to drop or replace so that Arabic-script spellings compare equal. Anything matched but
// missing from the map (harakat, tanween, superscript alef, ZWNJ, ZWJ, tatweel) is dropped.
// ZWNJ and ZWJ stay outside the character class: lint (rightly) flags joiners inside one.
const ARABIC_SCRIPT_CLASS =
  "\\u200c|\\u200d|[\\u064b-\\u065f\\u0670\\u0640\\u0622\\u0623\\u0625\\u0671\\u064a\\u0649\\u0626\\u0624\\u0643\\u0629\\u06c0]";
const ARABIC_SCRIPT_FOLD = new RegExp(ARABIC_SCRIPT_CLASS);
const ARABIC_SCRIPT_FOLD_ALL = new RegExp(ARABIC_SCRIPT_CLASS, "g");
const ARABIC_SCRIPT_MAP: Readonly<Record<string, string>> = {
  "\u0622": "\u0627", // آ → ا
  "\u0623": "\u0627", // أ → ا
  "\u0625": "\u0627", // إ → ا
  "\u0671": "\u0627", // ٱ → ا
  "\u064a": "\u06cc", // Arabic yeh → ی
  "\u0649": "\u06cc", // alef maksura → ی
  "\u0626": "\u06cc", // yeh with hamza → ی
  "\u0624": "\u0648", // waw with hamza → و
  "\u0643": "\u06a9", // Arabic kaf → ک
  "\u0629": "\u0647", // teh marbuta → ه
  "\u06c0": "\u0647", // heh with yeh above (ezafe) → ه
};

/** Folds digits to ASCII, Arabic letter forms to Persian, strips diacritics, tatweel, ZWNJ and direction marks, lowercases. */
export function foldText(text: string): string {
  let s = toAsciiDigits(text).toLowerCase();
  if (s.search(BIDI_CONTROLS) >= 0) s = s.replace(BIDI_CONTROLS, "");
  if (LATIN_ACCENTED.test(s)) s = s.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC"); // Āzar → azar
  return ARABIC_SCRIPT_FOLD.test(s)
    ? s.replace(ARABIC_SCRIPT_FOLD_ALL, (c) => ARABIC_SCRIPT_MAP[c] ?? "")
    : s;
}

/** A lookup key for a word or phrase that is already folded: letters only (no spaces, hyphens, apostrophes). */
export function keyOfFolded(folded: string): string {
  // Folded names use only a-z and Arabic-script letters; everything else (spaces, hyphens, ʿ, ') goes.
  return folded.replace(/[^a-z\u0621-\u064a\u067e-\u06d3]/g, "");
}

/** A lookup key for any word or phrase: folded, letters only. */
export function nameKey(text: string): string {
  return keyOfFolded(foldText(text));
}
