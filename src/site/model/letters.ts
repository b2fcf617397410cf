/**
 * The letters of the people index in both scripts: the Persian alphabet and A–Z. A letter's
 * prefixes are what a normalized name may start with to be listed under it (alef with madda under
 * alef). Pure: no I/O.
 */
import { normalizeText } from "../../names/index.ts";

/** One letter of the index and the normalized prefixes it stands for. */
export interface IndexLetter {
  letter: string;
  script: "Arab" | "Latn";
  prefixes: readonly string[];
}

const PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی";
const LATIN = "abcdefghijklmnopqrstuvwxyz";

const EXTRA: ReadonlyMap<string, readonly string[]> = new Map([["ا", ["آ", "أ", "إ"]]]);

/** Every letter of the index: Persian first, then Latin. */
export const INDEX_LETTERS: readonly IndexLetter[] = [
  ...[...PERSIAN].map((l) => ({ letter: l, script: "Arab" as const, prefixes: [l, ...(EXTRA.get(l) ?? [])] })),
  ...[...LATIN].map((l) => ({ letter: l, script: "Latn" as const, prefixes: [l] })),
];

const BY_LETTER = new Map(INDEX_LETTERS.map((l) => [l.letter, l]));

/**
 * The index letter a path segment names (Arabic letter forms and capitals read as their Persian
 * and lower-case letters), or undefined when it names none.
 */
export function indexLetter(segment: string): IndexLetter | undefined {
  const n = normalizeText(segment).trim();
  return [...n].length === 1 ? BY_LETTER.get(n) : undefined;
}
