/**
 * Name keys at scale. `parseName` normalizes and keys a whole name each time; across a list the
 * same few thousand words recur in millions of names, so here each whitespace-separated word is
 * normalized and keyed once and names are assembled from cached words. The result equals
 * `parseName(raw).keys`; names with a comma ("Surname, Given") take the exact path.
 */
import { joinCompoundKeys, parseName, splitTitles, tokenizeName, tokenKey } from "../names/index.ts";
import { normalizeCell } from "./text.ts";

/** Characters that become a comma only after normalization; names with them take parseName's path. */
const OTHER_COMMAS = /[\u060C\uFF0C\uFE50\uFE51]/;
const ARTICLE = /^(al|el|ul)$/;
const NONE: readonly string[] = [];

/** A cached name keyer: `keys(raw)` equals `parseName(raw).keys`, computed from per-word caches. */
export function createNameKeyer(): (raw: string) => readonly string[] {
  const words = new Map<string, readonly string[]>();
  const tokenKeys = new Map<string, string>();
  const tokensOf = (word: string): readonly string[] => {
    let t = words.get(word);
    if (t === undefined) {
      t = tokenizeName(normalizeCell(word)).filter((x) => !ARTICLE.test(x));
      words.set(word, t);
    }
    return t;
  };
  const keyOf = (token: string): string => {
    let k = tokenKeys.get(token);
    if (k === undefined) {
      k = tokenKey(token);
      tokenKeys.set(token, k);
    }
    return k;
  };
  const plain = (text: string): readonly string[] => {
    const tokens: string[] = [];
    for (const word of text.split(/\s+/)) if (word !== "") for (const t of tokensOf(word)) tokens.push(t);
    const { rest } = splitTitles(tokens);
    return joinCompoundKeys(rest, rest.map(keyOf)).filter((k) => k !== "");
  };
  return (raw: string) => {
    if (raw === "") return NONE;
    let keys: readonly string[];
    const comma = raw.indexOf(",");
    if (OTHER_COMMAS.test(raw)) keys = parseName(raw).keys;
    else if (comma < 0) keys = plain(raw);
    else {
      // "Surname, Given" is put back in given-first order, as parseName does, when both sides have text.
      const before = raw.slice(0, comma);
      const after = raw.slice(comma + 1);
      keys = before.trim() !== "" && after.trim() !== "" ? plain(`${after} ${before}`) : plain(raw);
    }
    return keys;
  };
}
