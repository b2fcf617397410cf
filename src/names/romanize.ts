/**
 * Persian → Latin romanization. Persian script leaves short vowels unwritten, so a letter-based
 * scheme cannot restore them; common given names and surname parts come from a small vocalized
 * table, everything else is transliterated letter by letter. Every scheme keeps the phonetic key
 * (romanize then key = key of the original), which is what linkage relies on.
 */
import { normalizePersian } from "./normalize.ts";

/** Supported romanization schemes. */
export type RomanizationScheme = "popular" | "simple" | "ala-lc" | "ungegn";

/** Schemes in a stable order, for callers that produce every spelling. */
export const ROMANIZATION_SCHEMES: readonly RomanizationScheme[] = ["popular", "simple", "ala-lc", "ungegn"];

interface LetterMap {
  readonly cons: ReadonlyMap<string, string>;
  readonly alef: string;
  readonly longU: string;
  readonly longI: string;
  readonly finalHeh: string;
  readonly ain: string;
}

const BASE_CONS: Readonly<Record<string, string>> = {
  ب: "b", پ: "p", ت: "t", ث: "s", ج: "j", چ: "ch", ح: "h", خ: "kh", د: "d", ذ: "z", ر: "r", ز: "z",
  ژ: "zh", س: "s", ش: "sh", ص: "s", ض: "z", ط: "t", ظ: "z", غ: "gh", ق: "gh", ف: "f", ک: "k", گ: "g",
  ل: "l", م: "m", ن: "n", ه: "h",
};

/**
 * The consonant table of a scheme: the base letters with some replaced. The tables that input
 * indexes (letters here, words in VOCALIZED) are Maps: a plain object would also answer any
 * character or word that names a property of Object.prototype.
 */
const consonants = (over: Readonly<Record<string, string>> = {}): ReadonlyMap<string, string> =>
  new Map(Object.entries({ ...BASE_CONS, ...over }));

const SCHEMES: ReadonlyMap<RomanizationScheme, LetterMap> = new Map<RomanizationScheme, LetterMap>([
  ["popular", { cons: consonants(), alef: "a", longU: "ou", longI: "i", finalHeh: "eh", ain: "" }],
  ["simple", { cons: consonants({ ق: "q" }), alef: "a", longU: "u", longI: "i", finalHeh: "e", ain: "" }],
  [
    "ala-lc",
    {
      cons: consonants({ ث: "s̱", ح: "ḥ", ذ: "z̲", ص: "ṣ", ض: "ż", ط: "ṭ", ظ: "ẓ", ق: "q" }),
      alef: "ā", longU: "ū", longI: "ī", finalHeh: "ah", ain: "ʻ",
    },
  ],
  ["ungegn", { cons: consonants({ ق: "q" }), alef: "ā", longU: "ū", longI: "ī", finalHeh: "e", ain: "'" }],
]);

/** Vocalized popular spellings of frequent name parts, so the common case reads naturally. */
const VOCALIZED: ReadonlyMap<string, string> = new Map(Object.entries({
  محمد: "mohammad", علی: "ali", حسین: "hossein", حسن: "hassan", رضا: "reza", مهدی: "mehdi", احمد: "ahmad",
  محمود: "mahmoud", جواد: "javad", عباس: "abbas", جعفر: "jafar", کاظم: "kazem", قاسم: "ghasem",
  ابراهیم: "ebrahim", اسماعیل: "esmaeil", یوسف: "yousef", مصطفی: "mostafa", مرتضی: "morteza",
  مجتبی: "mojtaba", سعید: "saeed", حمید: "hamid", مجید: "majid", امیر: "amir", فاطمه: "fatemeh",
  زهرا: "zahra", مریم: "maryam", معصومه: "masoumeh", زینب: "zeinab", لیلا: "leila", سمیه: "somayeh",
  منیژه: "manijeh", شهلا: "shahla", فرهاد: "farhad", بهروز: "behrouz", داوود: "davoud", موسی: "mousa",
  عیسی: "isa", یحیی: "yahya", غلام: "gholam", عبدالله: "abdollah", ابوالفضل: "abolfazl", رحیم: "rahim",
  کریم: "karim", صادق: "sadegh", باقر: "bagher", تقی: "taghi", نقی: "naghi", اکبر: "akbar", اصغر: "asghar",
  محسن: "mohsen", مسعود: "masoud", ناصر: "naser", منصور: "mansour", خسرو: "khosrow", بیژن: "bijan",
  پرویز: "parviz", نسرین: "nasrin", شیرین: "shirin", هادی: "hadi", امین: "amin", نادر: "nader",
  محمدی: "mohammadi", احمدی: "ahmadi", حسینی: "hosseini", رضایی: "rezaei", موسوی: "mousavi",
  کریمی: "karimi", رحیمی: "rahimi", جعفری: "jafari", کاظمی: "kazemi", قاسمی: "ghasemi", هاشمی: "hashemi",
  ابراهیمی: "ebrahimi", یوسفی: "yousefi", عباسی: "abbasi", مرادی: "moradi", صادقی: "sadeghi",
  باقری: "bagheri", امیری: "amiri", نوری: "nouri", زارعی: "zarei", رستمی: "rostami", میرزایی: "mirzaei",
  تهرانی: "tehrani", شیرازی: "shirazi", زاده: "zadeh", پور: "pour", نژاد: "nejad",
}));

const ARABIC_LETTER = /[\u0600-\u06FF]/;

function transliterate(word: string, m: LetterMap): string {
  const chars = [...word];
  let out = "";
  chars.forEach((ch, i) => {
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const last = i === chars.length - 1;
    if (ch === "ا" || ch === "آ") out += i === 0 && next === "ی" ? "" : i === 0 && next === "و" ? "o" : m.alef;
    else if (ch === "و") out += i === 0 || (prev === "ا" && i > 1) || next === "ا" ? "v" : m.longU;
    else if (ch === "ی") out += i === 0 || next === "ا" ? "y" : m.longI;
    else if (ch === "ه" && last && i > 0) out += m.finalHeh;
    else if (ch === "ع") out += i === 0 ? "a" : m.ain;
    else if (ch === "ء" || ch === "ئ" || ch === "ؤ") out += m.ain;
    else out += m.cons.get(ch) ?? (ARABIC_LETTER.test(ch) ? "" : ch);
  });
  return out;
}

/**
 * Romanizes Persian-script text in the given scheme; Latin text is returned unchanged.
 * @example romanize("حسین رستمی") === "hossein rostami"
 * @example romanize("حسین", "ala-lc") === "ḥsīn" // short vowels are not written in Persian
 */
export function romanize(s: string, scheme: RomanizationScheme = "popular"): string {
  // A scheme name from outside TypeScript (a query string, a CLI flag) may be anything.
  const m = SCHEMES.get(scheme);
  if (m === undefined) throw new RangeError(`unknown romanization scheme "${String(scheme)}"`);
  return normalizePersian(s)
    .split(/(\s+)/)
    .map((w) => {
      if (!ARABIC_LETTER.test(w)) return w;
      const known = scheme === "popular" ? VOCALIZED.get(w) : undefined;
      return known ?? transliterate(w, m);
    })
    .join("");
}
