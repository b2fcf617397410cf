/**
 * Name comparisons on phonetic keys. A person's name is split into a given part and a surname;
 * a pair is compared in the orientation that fits best, because one list writes "Mohammadi
 * Tiyana" where another has "Tiyana Mohammadi".
 */
import type { Comparison } from "./comparison.ts";
import { createNameKeyer } from "./name-keys.ts";
import { jaroWinkler, withinOneEdit } from "./strings.ts";
import { cellOf } from "./text.ts";

/** Given-name and surname keys of every record ("" when unknown). */
export interface PersonKeys {
  readonly given: string[];
  readonly surname: string[];
}

/** Splits each record's name into given and surname keys, preferring separate columns when filled. */
export function personKeys(
  records: readonly Record<string, string>[],
  cols: { full?: string | undefined; first?: string | undefined; last?: string | undefined },
  keysOf: (raw: string) => readonly string[] = createNameKeyer(),
): PersonKeys {
  const given: string[] = [];
  const surname: string[] = [];
  for (const r of records) {
    const first = cols.first !== undefined ? cellOf(r, cols.first).trim() : "";
    const last = cols.last !== undefined ? cellOf(r, cols.last).trim() : "";
    if (first !== "" || last !== "") {
      given.push(keysOf(first).join(""));
      surname.push(keysOf(last).join(""));
      continue;
    }
    const keys = cols.full !== undefined ? keysOf(cellOf(r, cols.full)) : [];
    // A single token is most often a given name recorded alone.
    given.push(keys.length >= 2 ? keys.slice(0, -1).join("") : (keys[0] ?? ""));
    surname.push(keys.length >= 2 ? keys[keys.length - 1]! : "");
  }
  return { given, surname };
}

/** Level of two name keys: 3 same key, 2 one edit or JW ≥ 0.88, 1 JW ≥ 0.75, 0 else, -1 missing. */
export function keyLevel(a: string, b: string): number {
  if (a === "" || b === "") return -1;
  if (a === b) return 3;
  const s = jaroWinkler(a, b);
  if (s >= 0.88 || (Math.min(a.length, b.length) >= 3 && withinOneEdit(a, b))) return 2;
  return s >= 0.75 ? 1 : 0;
}

const NAME_LEVELS = ["different", "similar", "close", "same key"] as const;

/** The given-name and surname comparisons of a person field, sharing one orientation per pair. */
export function personComparisons(name: string, keys: PersonKeys, tf: boolean): Comparison[] {
  const { given, surname } = keys;
  // Lists that reverse a name write both parts the same way, so an exact cross agreement is the
  // signal; checking similarity both ways for every pair would double the cost of comparison.
  const swapped = (i: number, j: number): boolean => {
    const gi = given[i]!;
    const si = surname[i]!;
    const gj = given[j]!;
    const sj = surname[j]!;
    return gi !== gj && si !== sj && si !== "" && sj !== "" && (gi === sj || si === gj);
  };
  return [
    {
      name: `${name}.given`,
      isName: true,
      levels: NAME_LEVELS,
      blockKeys: [`${name}.given`, `${name}.full`],
      ...(tf ? { tfValues: given } : {}),
      level: (i, j) => keyLevel(given[i]!, swapped(i, j) ? surname[j]! : given[j]!),
    },
    {
      name: `${name}.surname`,
      isName: true,
      levels: NAME_LEVELS,
      blockKeys: [`${name}.surname`, `${name}.full`],
      ...(tf ? { tfValues: surname } : {}),
      level: (i, j) => keyLevel(surname[i]!, swapped(i, j) ? given[j]! : surname[j]!),
    },
  ];
}

/** A single-column name (father's name) compared by phonetic key. */
export function nameComparison(name: string, keys: string[], tf: boolean): Comparison {
  return {
    name,
    levels: NAME_LEVELS,
    blockKeys: [name],
    ...(tf ? { tfValues: keys } : {}),
    level: (i, j) => keyLevel(keys[i]!, keys[j]!),
  };
}
