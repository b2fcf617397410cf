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

/**
 * Keys of parts that attach to whatever name part follows them (Pour Mohammadi / Pourmohammadi,
 * Mir Hosseini / Mirhosseini, عبد الله / عبدالله), unlike PREFIX_KEYS, which only join a known
 * second part.
 */
const LEADING_PART_KEYS = new Set(["pr", "mir", "abd"]);
/** The key of الله / Allah / ollah, which lists write joined to the part before it or apart. */
const ALLAH_KEY = "al";
/**
 * Keys of the first parts of common "…ollah" names (Abdollah, Rouhollah, Asadollah, Nasrollah,
 * Zabihollah, Fazlollah, Habibollah, Fathollah, Rahmatollah, Nematollah, Hojjatollah, Ataollah,
 * Seifollah, Nourollah, Amanollah, Ezzatollah, Valiollah, Khalilollah, Ghodratollah,
 * Heshmatollah, Keramatollah, Hedayatollah, Enayatollah, Shokrollah, Lotfollah): only these are
 * read as a joined "… Allah", since many other names merely end in l (Jamal, Esmail).
 */
const ALLAH_HEADS = new Set([
  "abd", "rh", "asd", "nsr", "zbih", "fzl", "hbib", "fth", "rhmt", "nmt", "hjt", "at", "sif", "nr", "amn", "azt",
  "vli", "xlil", "qdrt", "hwmt", "krmt", "hdit", "anit", "wkr", "ltf",
]);

/** The key of `second` as the inner part of a joined compound (its initial-vowel marker dropped). */
function innerKey(second: string): string {
  return second.startsWith("a") ? second.slice(1) : second;
}

/** Whether two adjacent part keys may be one compound written apart. */
function joinable(first: string, second: string): boolean {
  if (second === ALLAH_KEY) return true;
  if (LEADING_PART_KEYS.has(first)) return second.length >= 2;
  return PREFIX_KEYS.has(first) && SECOND_KEYS.has(second);
}

/**
 * The ways one key may be a compound written joined, as [first, second] part keys. The inner
 * part lost its initial-vowel marker when joined, so both readings are offered where it may have
 * had one (Mohammadali → mhmd + ali).
 */
function splits(key: string): [string, string][] {
  const out: [string, string][] = [];
  for (const first of [...PREFIX_KEYS, ...LEADING_PART_KEYS]) {
    if (!key.startsWith(first) || key.length <= first.length) continue;
    const rest = key.slice(first.length);
    for (const second of [rest, `a${rest}`]) {
      if (joinable(first, second) && (SECOND_KEYS.has(second) || LEADING_PART_KEYS.has(first))) out.push([first, second]);
    }
  }
  if (key.endsWith("l") && ALLAH_HEADS.has(key.slice(0, -1))) out.push([key.slice(0, -1), ALLAH_KEY]);
  return out;
}

/**
 * Every reading of a name's part keys as compounds joined or apart, for search: a query for
 * "Mohammad Reza" must find "محمدرضا" and "Mohammadreza" must find "محمد رضا", whatever the
 * position of the compound (joinCompoundKeys, which linkage relies on, never joins the last part).
 * `keys` are per-token keys with surname suffixes already attached. At most `max` readings,
 * the unchanged one first.
 * @example compoundKeyVariants(["mhmd", "rz"]) // [["mhmd","rz"], ["mhmdrz"]]
 */
export function compoundKeyVariants(keys: readonly string[], max = 8): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  const walk = (i: number, acc: string[]) => {
    if (out.length >= max) return;
    if (i >= keys.length) {
      const id = acc.join(" ");
      if (!seen.has(id)) {
        seen.add(id);
        out.push([...acc]);
      }
      return;
    }
    const key = keys[i]!;
    walk(i + 1, [...acc, key]);
    const next = keys[i + 1];
    if (next !== undefined && joinable(key, next)) walk(i + 2, [...acc, key + innerKey(next)]);
    for (const [a, b] of splits(key)) walk(i + 1, [...acc, a, b]);
  };
  walk(0, []);
  return out;
}

/** Attaches surname suffix words (zadeh, pour…) to the key before them, as joinCompoundKeys does. */
export function attachSuffixKeys(tokens: readonly string[], keys: readonly string[]): string[] {
  const out: string[] = [];
  keys.forEach((key, i) => {
    if (out.length > 0 && isSuffixWord(tokens[i] ?? "")) out[out.length - 1] += innerKey(key);
    else out.push(key);
  });
  return out;
}
