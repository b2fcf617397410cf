/**
 * A script-independent phonetic key for one name token. Persian script leaves short vowels
 * unwritten, so the key keeps consonants plus a single "i" marker for the long i/ey sound
 * (written ی in Persian, i/ee/ei/y in Latin): that keeps Hassan (حسن, "hsn") apart from
 * Hossein (حسین, "hsin") while Hossein, Hosein, Husayn and Hussein all give "hsin".
 *
 * Key alphabet: b p t s j c(ch) h x(kh) d z r w(sh) q(gh/q) f k g l m n v y i.
 */

/**
 * Persian letter → key consonant; letters absent here are vowel carriers. Like every table here
 * that input text indexes, a Map: a plain object inherits names from Object.prototype.
 */
const PERSIAN_CONSONANTS: ReadonlyMap<string, string> = new Map(Object.entries({
  ب: "b", پ: "p", ت: "t", ط: "t", ث: "s", س: "s", ص: "s", ج: "j", چ: "c", ح: "h", خ: "x",
  د: "d", ذ: "z", ز: "z", ض: "z", ظ: "z", ژ: "j", ر: "r", ش: "w", غ: "q", ق: "q", ف: "f",
  ک: "k", گ: "g", ل: "l", م: "m", ن: "n",
}));
/** Letters that only carry a vowel (or a glottal stop Latin spellings drop). */
const PERSIAN_VOWEL_CARRIERS = new Set(["ا", "آ", "ع", "ء", "ئ", "ؤ"]);

/**
 * Persian words whose final ی is read "a" (alef maqsura); without this table مصطفی would key
 * as "mstfi" and never meet Mostafa.
 */
const ALEF_MAQSURA_WORDS = new Set([
  "مصطفی", "مرتضی", "مجتبی", "موسی", "عیسی", "یحیی", "کبری", "صغری", "عظمی", "طوبی", "هدی", "لیلی",
  "مولی", "حسنی", "رعنی", "مصلی",
]);

/**
 * Whole-word keys for common names the skeleton would merge: Mahmoud (محمود) and Mohammad (محمد)
 * differ only in a medial و, which the key otherwise treats as an unwritten vowel. A Map: looked
 * up with whole tokens, which a plain object would answer for "constructor" (issue 13).
 */
const KEY_OVERRIDES: ReadonlyMap<string, string> = new Map(Object.entries({
  محمود: "mhmud", mahmoud: "mhmud", mahmud: "mhmud", mahmood: "mhmud", mahmod: "mhmud",
}));

/** Unit of the intermediate sequence: a consonant, or a vowel with whether it sounds like "i". */
type Unit = { c: string } | { v: boolean };

function persianUnits(token: string): Unit[] {
  const word = ALEF_MAQSURA_WORDS.has(token) ? token.slice(0, -1) + "ا" : token;
  const chars = [...word];
  const units: Unit[] = [];
  chars.forEach((ch, i) => {
    const last = i === chars.length - 1;
    const cons = PERSIAN_CONSONANTS.get(ch);
    if (cons !== undefined) units.push({ c: cons });
    else if (ch === "ه") units.push(last && i > 0 ? { v: false } : { c: "h" });
    else if (ch === "و") units.push(i === 0 ? { c: "v" } : { v: false });
    else if (ch === "ی") units.push(i === 0 ? { c: "y" } : { v: true });
    else if (PERSIAN_VOWEL_CARRIERS.has(ch)) units.push({ v: false });
  });
  return units;
}

// Latin digraphs first (longest match), then single letters.
const LATIN_DIGRAPHS: ReadonlyArray<readonly [string, string]> = [
  ["tch", "c"], ["kh", "x"], ["gh", "q"], ["sh", "w"], ["ch", "c"], ["zh", "j"], ["dj", "j"], ["ck", "k"],
];
const LATIN_SINGLE: ReadonlyMap<string, string> = new Map([["c", "k"], ["w", "v"], ["x", "x"], ["q", "q"]]);
const LATIN_VOWELS = new Set(["a", "e", "i", "o", "u", "y"]);

function latinUnits(token: string): Unit[] {
  const s = token.replace(/[^a-z]/g, "");
  const units: Unit[] = [];
  for (let i = 0; i < s.length; ) {
    const di = LATIN_DIGRAPHS.find(([g]) => s.startsWith(g, i));
    if (di) {
      units.push({ c: di[1] });
      i += di[0].length;
      continue;
    }
    const ch = s[i]!;
    const next = s[i + 1];
    if (ch === "y" && i === 0 && next !== undefined && LATIN_VOWELS.has(next) && next !== "y") {
      units.push({ c: "y" });
    } else if (ch === "i" || ch === "y") {
      units.push({ v: true });
    } else if (ch === "e" && next === "e") {
      units.push({ v: true }, { v: true }); // "ee" spells ی (Nasreen)
      i += 2;
      continue;
    } else if (LATIN_VOWELS.has(ch)) {
      units.push({ v: false });
    } else if ((ch === "v" || ch === "w") && i > 0) {
      // Persian و inside a word is v, u or o and cannot be told apart, so medial v is a vowel.
      units.push({ v: false });
    } else if (ch === "h" && i === s.length - 1 && i > 0 && LATIN_VOWELS.has(s[i - 1]!)) {
      units.push({ v: false }); // final -eh/-ah is a vowel (Fatemeh = Fateme = فاطمه)
    } else {
      units.push({ c: LATIN_SINGLE.get(ch) ?? ch });
    }
    i += 1;
  }
  return units;
}

/** Collapses units into the key: leading vowels dropped, vowel runs → "i" or nothing, doubles merged. */
function unitsToKey(units: Unit[]): string {
  let out = "";
  let i = 0;
  // An initial vowel becomes one "a" whatever its quality (Ebrahim/Ibrahim/ابراهیم all start "a"),
  // but it is kept: without it Ahmad (احمد) and Hamed (حامد) would share a key.
  while (i < units.length && "v" in units[i]!) i++;
  if (i > 0) out = "a";
  let runHasI = false;
  let inRun = false;
  const flush = () => {
    if (inRun && runHasI && !out.endsWith("i")) out += "i";
    inRun = false;
    runHasI = false;
  };
  for (; i < units.length; i++) {
    const u = units[i]!;
    if ("v" in u) {
      inRun = true;
      runHasI ||= u.v;
    } else {
      flush();
      if (!out.endsWith(u.c)) out += u.c;
    }
  }
  flush();
  return out;
}

const ARABIC_LETTER = /[\u0600-\u06FF]/;

/**
 * The phonetic key of one normalized name token, equal for the Persian-script form and its common
 * Latin spellings.
 * @example phoneticKey("حسین") === phoneticKey("hussein") // "hsin"
 */
export function phoneticKey(token: string): string {
  if (token === "") return "";
  const override = KEY_OVERRIDES.get(token);
  if (override !== undefined) return override;
  return unitsToKey(ARABIC_LETTER.test(token) ? persianUnits(token) : latinUnits(token));
}
