/**
 * The static mirror's search index, the part both sides share: how terms are split and keyed into
 * shards, where each file lives, and how a query is matched against loaded shards. Pure (no I/O,
 * no DOM): the export builds the files with it on the server, and the mirror's search script
 * (bundled for the browser) reads them with it, so both agree by construction.
 *
 * Files, all under `search-index/` at the mirror's root, each a classic script that hands its data
 * to `window.sabtSearchIndex` (a page opened from a folder cannot fetch() its own files in
 * Chromium; only `<script src>` loads work there):
 * - `t/<key>.js`: the terms that start with the same two characters (`<key>` is their code points
 *   in hex), each with the numbers of the records that hold it;
 * - `<lang>/<n>.js`: records n·DOCS_PER_CHUNK … as [file, title, type] in that language, or null
 *   where the record has no page in it.
 */
import { nameSearchKeyVariants, normalizeText } from "../../names/index.ts";

/** The folder of the index under the mirror's root. */
export const INDEX_DIR = "search-index";
/** The global the index files register their data with. */
export const INDEX_GLOBAL = "sabtSearchIndex";
/** Records per record file: small enough that a search's few hits load little. */
export const DOCS_PER_CHUNK = 50;
/** Longest query text searched, as the live search (`search.service.ts`). */
export const MAX_QUERY_CHARS = 500;
/** Results shown, as the live search page. */
export const RESULT_LIMIT = 50;

// The separators of `sabt_search_terms` (migration 0007): whitespace and ASCII punctuation only,
// so that Persian and Arabic letters are never separators. Query terms split here must split as
// the stored terms did in the database.
const SEPARATORS = new Set("\t\r\n !\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-");

/** Splits a search key into whole terms exactly as the database function `sabt_search_terms` does. */
export function splitTerms(key: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of key) {
    if (SEPARATORS.has(ch)) {
      if (cur) out.push(cur);
      cur = "";
    } else {
      cur += ch;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** The shard a term is stored in: its first two characters' code points in hex (ASCII file names). */
export function shardKey(term: string): string {
  return [...term]
    .slice(0, 2)
    .map((c) => c.codePointAt(0)!.toString(16))
    .join("-");
}

/** The file of a term shard, relative to the mirror's root. */
export function termFile(key: string): string {
  return `${INDEX_DIR}/t/${key}.js`;
}

/** The file of a chunk of records in a language, relative to the mirror's root. */
export function docFile(lang: string, chunk: number): string {
  return `${INDEX_DIR}/${lang}/${chunk}.js`;
}

/** The terms of a shard: term → record numbers. A `Map`, since terms are user text. */
export type Shard = ReadonlyMap<string, readonly number[]>;

/**
 * What a query must match: one list of terms per reading, as the live search builds them: every
 * phonetic reading of the name (compounds joined or apart), then the normalized words.
 */
export function queryAlternatives(q: string): string[][] {
  const normalized = normalizeText(q.slice(0, MAX_QUERY_CHARS)).trim();
  if (!normalized) return [];
  const all = [...nameSearchKeyVariants(normalized), normalized].map(splitTerms).filter((ts) => ts.length > 0);
  const seen = new Set<string>();
  return all.filter((ts) => {
    const k = ts.join(" ");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The shard keys a query needs. */
export function shardsOf(alternatives: readonly (readonly string[])[]): string[] {
  return [...new Set(alternatives.flat().map(shardKey))];
}

/** A matched record and how well it matched (1: every term whole; less when some only as a prefix). */
export interface Match {
  doc: number;
  score: number;
}

// A stored term that merely starts with a query term (a name being typed, a shortened spelling)
// counts for less than the whole term, so exact matches rank first.
const PREFIX_WEIGHT = 0.5;

/** Record number → how well one query term matches it (its best stored term). */
function termMatches(term: string, shards: ReadonlyMap<string, Shard>): Map<number, number> {
  const out = new Map<number, number>();
  const shard = shards.get(shardKey(term));
  if (!shard) return out;
  for (const d of shard.get(term) ?? []) out.set(d, 1);
  // A one-character term would widen to its whole shard and beyond: whole terms only.
  if ([...term].length < 2) return out;
  for (const [stored, docs] of shard) {
    if (stored === term || !stored.startsWith(term)) continue;
    for (const d of docs) if (!out.has(d)) out.set(d, PREFIX_WEIGHT);
  }
  return out;
}

/**
 * The records that hold every term of one of the alternatives (whole, or as the start of a stored
 * term), best first, then by record number (the export numbers records by label).
 */
export function matchQuery(alternatives: readonly (readonly string[])[], shards: ReadonlyMap<string, Shard>, limit = RESULT_LIMIT): Match[] {
  const best = new Map<number, number>();
  const cache = new Map<string, Map<number, number>>();
  const of = (t: string) => {
    let m = cache.get(t);
    if (!m) cache.set(t, (m = termMatches(t, shards)));
    return m;
  };
  for (const terms of alternatives) {
    const lists = terms.map(of);
    // Walk the smallest list and look the record up in the others.
    const smallest = lists.reduce((a, b) => (b.size < a.size ? b : a));
    for (const [doc] of smallest) {
      let sum = 0;
      let all = true;
      for (const l of lists) {
        const w = l.get(doc);
        if (w === undefined) {
          all = false;
          break;
        }
        sum += w;
      }
      if (!all) continue;
      const score = sum / lists.length;
      if (score > (best.get(doc) ?? 0)) best.set(doc, score);
    }
  }
  return [...best]
    .map(([doc, score]) => ({ doc, score }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, limit);
}
