/**
 * Language detection for Persian, Arabic and English (and "und" otherwise) from script and
 * frequent words. Persian and Arabic share a script, so letters used by only one of them and
 * each language's commonest function words decide between them. Pure; no I/O.
 */

/** A detected language (ISO 639-1, or "und"), its script and a rough confidence in [0, 1]. */
export interface DetectedLanguage {
  language: "fa" | "ar" | "en" | "und";
  script: "Arab" | "Latn" | "other" | "none";
  confidence: number;
}

// Letters Persian uses and Arabic does not (پ چ ژ گ, Persian kaf/yeh), and the reverse (ة, Arabic yeh/kaf, ى, إ).
const PERSIAN_LETTERS = /[\u067e\u0686\u0698\u06af\u06a9\u06cc]/g;
const ARABIC_LETTERS = /[\u0629\u064a\u0643\u0649\u0625]/g;
const PERSIAN_WORDS = new Set([
  "و",
  "در",
  "به",
  "از",
  "که",
  "این",
  "را",
  "با",
  "است",
  "برای",
  "آن",
  "یک",
  "خود",
  "تا",
  "شد",
  "بود",
  "می",
  "های",
  "هم",
  "شده",
  "کرد",
  "نیز",
  "ما",
  "او",
]);
const ARABIC_WORDS = new Set([
  "في",
  "من",
  "على",
  "إلى",
  "الى",
  "أن",
  "ان",
  "عن",
  "مع",
  "هذا",
  "هذه",
  "التي",
  "الذي",
  "كان",
  "قد",
  "لا",
  "ما",
  "هو",
  "هي",
  "ذلك",
  "بين",
  "كل",
  "بعد",
  "حيث",
]);
const ENGLISH_WORDS = new Set([
  "the",
  "of",
  "and",
  "to",
  "in",
  "a",
  "is",
  "that",
  "for",
  "it",
  "was",
  "on",
  "with",
  "as",
  "by",
  "were",
  "are",
  "this",
  "from",
  "at",
  "be",
  "have",
  "his",
  "her",
]);

/**
 * Detects the main language of a text.
 * @example detectLanguage("این گزارش درباره زندان است").language // "fa"
 */
export function detectLanguage(text: string): DetectedLanguage {
  const sample = text.slice(0, 100_000);
  const arabicScript = (sample.match(/[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/g) ?? []).length;
  const latin = (sample.match(/[A-Za-z]/g) ?? []).length;
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return { language: "und", script: "none", confidence: 0 };
  if (arabicScript >= latin && arabicScript / letters > 0.3) {
    const words = sample.split(/[\s\u200c.,;:!?؟،؛«»()"'-]+/).filter(Boolean);
    const faWords = words.filter((w) => PERSIAN_WORDS.has(w)).length;
    const arWords = words.filter((w) => ARABIC_WORDS.has(w) || /^ال/.test(w)).length;
    const fa = (sample.match(PERSIAN_LETTERS) ?? []).length * 2 + faWords * 3;
    const ar = (sample.match(ARABIC_LETTERS) ?? []).length * 2 + arWords * 3;
    if (fa + ar === 0) return { language: "und", script: "Arab", confidence: 0.2 };
    const language = fa >= ar ? "fa" : "ar";
    return { language, script: "Arab", confidence: round(Math.max(fa, ar) / (fa + ar)) };
  }
  if (latin / letters > 0.5) {
    const words = sample
      .toLowerCase()
      .split(/[^a-z']+/)
      .filter(Boolean);
    const en = words.filter((w) => ENGLISH_WORDS.has(w)).length;
    const share = words.length > 0 ? en / words.length : 0;
    // Function words are about a quarter to a third of running English text.
    return share > 0.08
      ? { language: "en", script: "Latn", confidence: round(Math.min(1, share * 3)) }
      : { language: "und", script: "Latn", confidence: 0.3 };
  }
  return { language: "und", script: "other", confidence: 0.3 };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
