/** Which writing system a string is in, as far as its letters tell. */
export type Script = "persian" | "arabic" | "latin" | "mixed" | "unknown";

const PERSIAN_ONLY = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/; // پ چ ژ گ ک ی
const ARABIC_ONLY = /[\u064A\u0643\u0629\u0649]/; // ي ك ة ى
const ARABIC_BLOCK = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
const LATIN = /[A-Za-z\u00C0-\u024F]/;

/**
 * Detects the script of a string. Arabic-block text with Persian-only letters is "persian", with
 * Arabic-only letters (ي ك ة) and no Persian-only ones "arabic"; text whose letters fit both (محمد)
 * counts as Persian, Sabt's usual case.
 */
export function detectScript(s: string): Script {
  const hasArabicBlock = ARABIC_BLOCK.test(s);
  const hasLatin = LATIN.test(s);
  if (hasArabicBlock && hasLatin) return "mixed";
  if (hasLatin) return "latin";
  if (!hasArabicBlock) return "unknown";
  if (PERSIAN_ONLY.test(s)) return "persian";
  if (ARABIC_ONLY.test(s)) return "arabic";
  return "persian";
}
