/**
 * Script-aware text normalization for storage and search. Persian and Arabic keyboards produce
 * different code points for the same letter (ي/ی, ك/ک), and lists mix Persian, Arabic-Indic and
 * ASCII digits; all of these must compare equal before anything else can.
 */

/** Arabic-script letter variants folded to the Persian standard letter. */
const PERSIAN_LETTER_MAP: Readonly<Record<string, string>> = {
  "\u064A": "\u06CC", // ي Arabic yeh → ی
  "\u0649": "\u06CC", // ى alef maqsura → ی
  "\u06D2": "\u06CC", // ے yeh barree → ی
  "\u0643": "\u06A9", // ك Arabic kaf → ک
  "\u06AA": "\u06A9", // ڪ swash kaf → ک
  "\u0629": "\u0647", // ة teh marbuta → ه
  "\u06C0": "\u0647", // ۀ heh with yeh → ه (the ezafe is not part of the name)
  "\u06D5": "\u0647", // ە ae → ه
  "\u0623": "\u0627", // أ → ا
  "\u0625": "\u0627", // إ → ا
  "\u0671": "\u0627", // ٱ alef wasla → ا
  "\u0672": "\u0627",
  "\u0673": "\u0627",
};

const DIGIT_ZERO = [0x06f0, 0x0660]; // Persian and Arabic-Indic zero

/** Replaces Persian (۰-۹) and Arabic-Indic (٠-٩) digits with ASCII digits. */
export function asciiDigits(s: string): string {
  return s.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const c = d.charCodeAt(0);
    const zero = c >= DIGIT_ZERO[0]! ? DIGIT_ZERO[0]! : DIGIT_ZERO[1]!;
    return String(c - zero);
  });
}

// Latin letters that Unicode decomposition does not split into base + accent.
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

/**
 * Unifies Persian/Arabic letter variants, removes harakat, tatweel, ZWJ and bidi marks, turns
 * ZWNJ into a space and folds digits, without touching case or accents.
 */
export function normalizePersian(s: string): string {
  let t = s.normalize("NFKC"); // presentation forms (ﻣ, ﷲ) → base letters
  // Harakat, Quranic marks and superscript alef carry no identity; madda/hamza-above are kept
  // until after recomposition so that ا+ٓ becomes آ rather than a bare ا.
  t = t.replace(/[\u064B-\u0652\u0655-\u065F\u0670\u06D6-\u06ED\u0640]/g, "");
  t = t.normalize("NFC").replace(/[\u0653\u0654]/g, "");
  t = t.replace(/[\u0600-\u06FF]/g, (ch) => PERSIAN_LETTER_MAP[ch] ?? ch);
  t = t.replace(/[\u200D\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, "");
  t = t.replace(/[\u200C\u00A0\u2000-\u200B\u202F]/g, " ");
  t = t.replace(/\u060C/g, ",").replace(/\u061B/g, ";").replace(/\u061F/g, "?");
  return asciiDigits(t);
}

/** Lowercases Latin text and removes accents (é→e, ß→ss), leaving other scripts untouched. */
export function foldLatin(s: string): string {
  const lower = s.toLowerCase();
  const decomposed = lower
    .normalize("NFD")
    .replace(/([a-z])[\u0300-\u036F]+/g, "$1")
    .normalize("NFC");
  return decomposed
    .replace(/[ßæœøłđðþı]/g, (ch) => LATIN_SPECIAL[ch] ?? ch)
    .replace(/[\u2018\u2019\u02BC\u02BB\u02BF\u02BE`´]/g, "'");
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Normalizes any text for storage and search: Persian letters unified, digits ASCII, ZWNJ→space,
 * Latin lowercased with accents folded, whitespace collapsed.
 * @example normalizeText("عليرضا  كريمي") === "علیرضا کریمی"
 */
export function normalizeText(s: string): string {
  // Control characters and unpaired surrogates (a string cut inside an emoji) carry no text, and
  // PostgreSQL refuses to store or compare NUL: without this a query holding one failed the search.
  const clean = s.replace(CONTROL, " ").replace(LONE_SURROGATE, "");
  return foldLatin(normalizePersian(clean)).replace(/\s+/g, " ").trim();
}

