/**
 * Builders for the simple field kinds: strings, codes, exact values, places and gender. Each
 * pre-computes a per-record value once, so a pair comparison is a few string operations.
 */
import { phoneticKey, tokenizeName } from "../names/index.ts";
import { cellOf, normalizeCell } from "./text.ts";
import type { Comparison } from "./comparison.ts";
import { memoize } from "../shared/memo.ts";
import { jaroWinkler, levenshtein } from "./strings.ts";

/** Reads the named columns of every record and joins them with a space. */
export function columnText(records: readonly Record<string, string>[], columns: readonly string[]): string[] {
  const norm = memoize(normalizeCell);
  return records.map((r) => norm(columns.length === 1 ? cellOf(r, columns[0]!) : columns.map((c) => cellOf(r, c)).join(" ")));
}

/**
 * Jaro-Winkler is quadratic in length, and lists of co-authors or classes run to thousands of
 * characters: beyond this length only the start of a value is compared (exact equality still uses
 * the whole value).
 */
const JW_MAX_LENGTH = 100;

/** Free text compared by Jaro-Winkler: exact / ≥0.92 / ≥0.80 / else. */
export function stringComparison(name: string, values: string[], tf: boolean): Comparison {
  const heads = values.map((v) => (v.length > JW_MAX_LENGTH ? v.slice(0, JW_MAX_LENGTH) : v));
  return {
    name,
    levels: ["different", "jw≥0.80", "jw≥0.92", "exact"],
    blockKeys: [name],
    ...(tf ? { tfValues: values } : {}),
    level(i, j) {
      const a = values[i]!;
      const b = values[j]!;
      if (a === "" || b === "") return -1;
      if (a === b) return 3;
      const s = jaroWinkler(heads[i]!, heads[j]!);
      return s >= 0.92 ? 2 : s >= 0.8 ? 1 : 0;
    },
  };
}

/** Identifiers and numbers compared by edit distance: exact / 1 edit / 2 edits / else. */
export function codeComparison(name: string, raw: string[], tf: boolean): Comparison {
  const values = raw.map((v) => v.replace(/\s+/g, ""));
  return {
    name,
    levels: ["different", "2 edits", "1 edit", "exact"],
    blockKeys: [name],
    ...(tf ? { tfValues: values } : {}),
    level(i, j) {
      const a = values[i]!;
      const b = values[j]!;
      if (a === "" || b === "") return -1;
      if (a === b) return 3;
      const d = levenshtein(a, b, 2);
      return d === 1 ? 2 : d === 2 ? 1 : 0;
    },
  };
}

/** Values that either agree or not (state, category). */
export function exactComparison(name: string, values: string[], tf: boolean): Comparison {
  return {
    name,
    levels: ["different", "exact"],
    blockKeys: [name],
    ...(tf ? { tfValues: values } : {}),
    level(i, j) {
      const a = values[i]!;
      const b = values[j]!;
      if (a === "" || b === "") return -1;
      return a === b ? 1 : 0;
    },
  };
}

/** Words lists add to place names ("Evin Prison", "زندان اوین", "Zahedan Central Prison"). */
const PLACE_STOPWORDS = new Set([
  "prison", "prisons", "zendan", "زندان", "central", "markazi", "مرکزی", "jail", "city", "shahr-e", "province", "ostan", "استان",
]);

/** Phonetic key of a place name: stopwords dropped, parts joined (Dizel Abad = Dizelabad = دیزل‌آباد). */
export function placeKey(normalized: string): string {
  return tokenizeName(normalized)
    .filter((t) => !PLACE_STOPWORDS.has(t))
    .map((t) => phoneticKey(t))
    .join("");
}

/** Place names across scripts by phonetic key: exact / close (JW ≥ 0.85) / else. */
export function placeComparison(name: string, normalized: string[], tf: boolean): Comparison {
  const keys = normalized.map(memoize(placeKey));
  return {
    name,
    levels: ["different", "close", "exact"],
    blockKeys: [name],
    ...(tf ? { tfValues: keys } : {}),
    level(i, j) {
      const a = keys[i]!;
      const b = keys[j]!;
      if (a === "" || b === "") return -1;
      if (a === b) return 2;
      return jaroWinkler(a, b) >= 0.85 ? 1 : 0;
    },
  };
}

// A Map: gender cells are anything a list holds, and a plain object would answer "constructor".
const GENDER: ReadonlyMap<string, string> = new Map(Object.entries({
  m: "m", male: "m", man: "m", mard: "m", "مرد": "m", "مذکر": "m", "آقا": "m",
  f: "f", female: "f", woman: "f", zan: "f", "زن": "f", "مونث": "f", "خانم": "f",
}));

/** Canonical gender code ("m"/"f") of a normalized value, "" when unknown. */
export function genderCode(normalized: string): string {
  return GENDER.get(normalized) ?? "";
}

/** Gender in any of the lists' vocabularies: same / different. */
export function genderComparison(name: string, normalized: string[]): Comparison {
  const values = normalized.map(genderCode);
  return exactComparison(name, values, false);
}
