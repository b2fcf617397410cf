/**
 * Compound names are written joined, hyphenated or spaced (Mohammad Ali / Mohammad-Ali /
 * Mohammadali, Hooraman zadeh / Hooramanzadeh, and in Persian with or without ZWNJ). These rules
 * join the parts on phonetic keys, so the same rule serves both scripts.
 */

/** Surname suffix spellings (Latin and Persian) that attach to the token before them. */
const SUFFIX_WORDS = new Set([
  "zadeh", "zade", "zada", "zaadeh", "pour", "poor", "pur", "nejad", "nezhad", "nejhad", "nijad", "nia", "niya",
  "far", "fard", "rad", "vand", "lou", "loo", "lu", "khani", "abadi", "beigi", "baygi",
  "زاده", "پور", "نژاد", "نیا", "فر", "فرد", "راد", "وند", "لو", "خانی", "آبادی", "بیگی",
]);
/** Keys (see phonetic.ts) of first parts that join a following given-name part (Mohammad, Ali, Gholam, Abdol…). */
const PREFIX_KEYS = new Set(["mhmd", "ali", "qlm", "abdl", "abl", "hsin", "hsn", "mir", "mhdi", "rz", "amir", "at"]);
/** Keys of second parts seen in compound given names (Reza, Ali, Hossein, Akbar, Asghar, Taghi…). */
const SECOND_KEYS = new Set([
  "rz", "ali", "hsin", "hsn", "akbr", "asqr", "tqi", "nqi", "bqr", "sdq", "jd", "kzm", "jfr", "krim", "rhim",
  "amin", "abrhim", "asmil", "hdi", "mhdi", "mhmd", "mhmdi", "rsl", "zmn", "fzl", "qsm", "ahmd", "hmid", "mjid",
  "mrd", "mwd", "rhmn", "lh", "whrk", "xlil", "jbr", "mhmud",
]);

/** Whether a raw token is a surname suffix that belongs to the token before it. */
export function isSuffixWord(token: string): boolean {
  return SUFFIX_WORDS.has(token);
}

/**
 * Joins compound parts given the raw tokens and their keys, returning joined keys.
 * @example joinCompoundKeys(["mohammad","ali","ahmadi"], ["mhmd","li","hmdi"]) // ["mhmdli","hmdi"]
 */
export function joinCompoundKeys(tokens: readonly string[], keys: readonly string[]): string[] {
  const out: string[] = [];
  let prevWasCompound = false;
  keys.forEach((key, i) => {
    const token = tokens[i] ?? "";
    const last = out.length - 1;
    // The second part loses its initial-vowel marker: inside "Mohammadali" the a is medial.
    const inner = key.startsWith("a") ? key.slice(1) : key;
    if (last >= 0 && isSuffixWord(token)) {
      out[last] += inner;
      prevWasCompound = true;
    } else if (
      last >= 0 && !prevWasCompound && i < keys.length - 1 && PREFIX_KEYS.has(out[last]!) && SECOND_KEYS.has(key)
    ) {
      // Only join given-name parts that are not the final (surname) token.
      out[last] += inner;
      prevWasCompound = true;
    } else {
      out.push(key);
      prevWasCompound = false;
    }
  });
  return out;
}
