import { attachSuffixKeys, compoundKeyVariants, joinCompoundKeys } from "./compounds.ts";
import { normalizeText } from "./normalize.ts";
import { phoneticKey } from "./phonetic.ts";
import { splitTitles } from "./titles.ts";
import { canonicalVariant } from "./variants.ts";

/** A personal name split into titles, tokens and per-part phonetic keys. */
export interface ParsedName {
  /** Canonical titles found before the name (seyyed, haj…). */
  readonly titles: readonly string[];
  /** Normalized tokens of the name without titles, in written order. */
  readonly tokens: readonly string[];
  /** Phonetic keys with compound parts joined (Mohammad Ali → one key). */
  readonly keys: readonly string[];
  /** True when the name was written "Surname, Given" and has been put back in given-first order. */
  readonly reordered: boolean;
}

/** Splits normalized text into name tokens: spaces, hyphens and punctuation separate them. */
export function tokenizeName(normalized: string): string[] {
  return normalized
    .replace(/['"]/g, "") // apostrophes stand for ع or ء, which the key drops anyway
    .split(/[\s\-_.,;:()/\\]+/)
    .filter((t) => t !== "");
}

/** Phonetic key of a single normalized token, after mapping a known variant (Riza → Reza). */
export function tokenKey(token: string): string {
  return phoneticKey(canonicalVariant(token));
}

/**
 * Parses a personal name into titles, tokens and joined phonetic keys. A comma means "Surname,
 * Given" (as in many Latin lists) and is undone.
 * @example parseName("Zareie, Seyed Hassan").keys // ["hsn", "zri"]
 */
export function parseName(raw: string): ParsedName {
  let text = normalizeText(raw);
  let reordered = false;
  const comma = text.indexOf(",");
  if (comma > 0 && comma < text.length - 1) {
    text = `${text.slice(comma + 1)} ${text.slice(0, comma)}`;
    reordered = true;
  }
  // A Latin Arabic article ("al-Mansur") is its own token after hyphen splitting; lists keep or drop it.
  const all = tokenizeName(text).filter((t) => !/^(al|el|ul)$/.test(t));
  const { titles, rest } = splitTitles(all);
  const keys = joinCompoundKeys(
    rest,
    rest.map((t) => tokenKey(t)),
  ).filter((k) => k !== "");
  return { titles, tokens: rest, keys, reordered };
}

/**
 * A space-separated string of phonetic keys, one per name part, equal for the Persian-script form
 * and the common Latin spellings of the same name; meant for a trigram index.
 * @example nameSearchKey("حسین محمدی") === nameSearchKey("Hossein Mohammadi") // "hsin mhmdi"
 */
export function nameSearchKey(s: string): string {
  return parseName(s).keys.join(" ");
}

/**
 * The phonetic search keys of a query, one per reading of its compounds (joined or apart), the
 * usual key (nameSearchKey) first: a stored name matches when it holds every key of one reading.
 * @example nameSearchKeyVariants("Mohammad Reza") // ["mhmd rz", "mhmdrz"]
 */
export function nameSearchKeyVariants(s: string, max = 8): string[] {
  const parsed = parseName(s);
  const keys = attachSuffixKeys(parsed.tokens, parsed.tokens.map((t) => tokenKey(t))).filter((k) => k !== "");
  const all = [parsed.keys.join(" "), ...compoundKeyVariants(keys, max).map((v) => v.join(" "))];
  return [...new Set(all)].filter((k) => k !== "").slice(0, max);
}
