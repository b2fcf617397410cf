import { queryTermMacs } from "../crypto/index.ts";
import { openEntityRow } from "../entities/index.ts";
import { publicView, type Db } from "../db/index.ts";
import { nameSearchKeyVariants, normalizeText } from "../names/index.ts";
import { validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import {
  findQueryTerms,
  findSimilarTerms,
  searchEntities,
  searchPublicEntities,
  searchPublicPeople,
  searchSealedEntities,
  type PeopleRestriction,
  type SearchHitRow,
  type SearchKeys,
  type TermAlternatives,
} from "./search.repository.ts";

/** A search result. */
export type SearchHit = Readonly<SearchHitRow>;

// How many matching claims one search reads, and how many of their entities it scores, at most
// (per requested hit, with a floor): a very common name matches tens of thousands of claims, all
// equally well, and reading and scoring them all is what made search slow. Scoring a claim costs
// about 0.05 ms on PGlite, reading one a tenth of that.
const CLAIMS_PER_HIT = 25;
const ENTITIES_PER_HIT = 3;
// How many similar stored terms stand in for one query term in the fuzzy pass.
const SIMILAR_PER_TERM = 12;
// Longest query text searched; the rest is ignored.
const MAX_QUERY_CHARS = 500;

/**
 * Finds entities by any of their values; names match across Persian script and Latin spellings.
 * First by whole terms (exact phonetic keys and words); when that finds fewer than `limit`
 * entities, again with each query term widened to the stored terms that resemble it by trigram
 * similarity (misspellings, prefixes). Anonymous viewers search the public projection only, and
 * may narrow it to some people (`within`: the public site's filters; only people are found then);
 * members' searches ignore it.
 * @throws SabtError validation_failed for an empty query.
 */
export async function search(
  db: Db,
  viewer: Viewer,
  q: string,
  opts: { type?: string | undefined; limit?: number; within?: PeopleRestriction } = {},
): Promise<SearchHit[]> {
  authorize(viewer, "read");
  // Callers bound the text they pass (the API to 200 characters), but a service must not trust
  // them: a query of thousands of words would expand into thousands of terms.
  const normalized = normalizeText(q.slice(0, MAX_QUERY_CHARS)).trim();
  if (normalized.length === 0) throw validationError("q: the search text is empty");
  const readings = nameSearchKeyVariants(normalized);
  const keys: SearchKeys = { phonetic: readings[0] || normalized, normalized };
  const limit = opts.limit ?? 20;
  const anonymous = viewer.kind === "anonymous";
  const run = (alternatives: TermAlternatives, similarOnly: boolean) => {
    const o = { type: opts.type, limit, candidates: Math.max(500, limit * CLAIMS_PER_HIT), entities: Math.max(50, limit * ENTITIES_PER_HIT), similarOnly };
    if (!anonymous) return searchEntities(db, keys, alternatives, { ...o, visibilities: readableVisibilities(viewer) });
    return opts.within
      ? searchPublicPeople(publicView(db), keys, alternatives, { ...o, within: opts.within })
      : searchPublicEntities(publicView(db), keys, alternatives, o);
  };

  const terms = await findQueryTerms(db, readings.length > 0 ? readings : [normalized], normalized);
  const alternatives = [...terms.phonetic, terms.normalized];
  const plain = await run(
    alternatives.map((ts) => ts.map((t) => [t])),
    false,
  );
  // Confidential values are sealed, search keys included; members who may read them also match
  // them through the blind index, by whole terms.
  const readable = anonymous ? [] : readableVisibilities(viewer);
  const sealed = readable.includes("confidential")
    ? await searchSealedEntities(db, alternatives.map(queryTermMacs), {
        type: opts.type,
        limit,
        candidates: Math.max(500, limit * CLAIMS_PER_HIT),
        visibilities: readable,
      })
    : [];
  const exact = { saturated: plain.saturated, hits: sealed.length > 0 ? mergeHits(plain.hits, sealed, limit) : plain.hits };
  if (exact.saturated || exact.hits.length >= limit) return exact.hits.map(openEntityRow);

  // The fuzzy pass widens only the usual reading and the text: other readings of compounds
  // already matched whole terms above, and widening each of them too multiplied the terms to
  // look up and the claims to read (a common two-part name took ten times as long).
  const widened = [terms.phonetic[0] ?? [], terms.normalized];
  const similar = await findSimilarTerms(db, [...new Set(widened.flat())], { perTerm: SIMILAR_PER_TERM, publicOnly: anonymous });
  const fuzzy = await run(
    widened.map((ts) => ts.map((t) => similar.get(t) ?? [t])),
    true,
  );
  // A confidential entity's label is sealed in its row; members who may read it get it opened.
  return mergeHits(exact.hits, fuzzy.hits, limit).map(openEntityRow);
}

/** Both passes' hits, each entity once with its best score, best first (as the queries order them). */
function mergeHits(a: readonly SearchHitRow[], b: readonly SearchHitRow[], limit: number): SearchHitRow[] {
  const best = new Map<string, SearchHitRow>();
  for (const h of [...a, ...b]) {
    const seen = best.get(h.id);
    if (!seen || h.score > seen.score) best.set(h.id, h);
  }
  return [...best.values()]
    .sort((x, y) => y.score - x.score || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) || (x.id < y.id ? -1 : 1))
    .slice(0, limit);
}
