import { sql } from "kysely";
import type { Db, PublicDb } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";

/** One search hit: an entity and how well it matched. */
export interface SearchHitRow {
  id: string;
  type: string;
  slug: string;
  label: string;
  score: number;
}

/** The two forms of a query: its phonetic name key and its normalized text. */
export interface SearchKeys {
  phonetic: string;
  normalized: string;
  text: string;
}

/**
 * Entities whose claims match the query by trigram similarity of their search keys (names in
 * any script or spelling) or by full-text match of their values, best first. Only claims and
 * entities at the given visibilities are considered.
 */
export async function searchEntities(
  db: Db,
  keys: SearchKeys,
  opts: { visibilities: readonly Visibility[]; type?: string | undefined; limit: number },
): Promise<SearchHitRow[]> {
  const vis = opts.visibilities as Visibility[];
  const r = await sql<SearchHitRow>`
    WITH hits AS (
      SELECT c.entity_id,
             max(greatest(word_similarity(${keys.phonetic}, c.search_key), word_similarity(${keys.normalized}, c.search_key))) AS score
      FROM claim c
      WHERE c.visibility = ANY(${vis}::text[]) AND c.status <> 'retracted' AND c.search_key <> ''
        AND (${keys.phonetic} <% c.search_key OR ${keys.normalized} <% c.search_key
             OR c.tsv @@ plainto_tsquery('simple', ${keys.text}))
      GROUP BY c.entity_id
    )
    SELECT e.id, e.type, e.slug, e.label, h.score::float8 AS score
    FROM hits h JOIN entity e ON e.id = h.entity_id
    WHERE e.visibility = ANY(${vis}::text[]) ${opts.type ? sql`AND e.type = ${opts.type}` : sql``}
    ORDER BY h.score DESC, e.label
    LIMIT ${opts.limit}`.execute(db);
  return r.rows;
}

/** The same search over the public projection only (public claims of public entities). */
export async function searchPublicEntities(
  db: PublicDb,
  keys: SearchKeys,
  opts: { type?: string | undefined; limit: number },
): Promise<SearchHitRow[]> {
  const r = await sql<SearchHitRow>`
    WITH hits AS (
      SELECT c.entity_id,
             max(greatest(word_similarity(${keys.phonetic}, c.search_key), word_similarity(${keys.normalized}, c.search_key))) AS score
      FROM public_claim c
      WHERE c.search_key <> '' AND (${keys.phonetic} <% c.search_key OR ${keys.normalized} <% c.search_key
             OR to_tsvector('simple', c.value_text) @@ plainto_tsquery('simple', ${keys.text}))
      GROUP BY c.entity_id
    )
    SELECT e.id, e.type, e.slug, e.label, h.score::float8 AS score
    FROM hits h JOIN public_entity e ON e.id = h.entity_id
    ${opts.type ? sql`WHERE e.type = ${opts.type}` : sql``}
    ORDER BY h.score DESC, e.label
    LIMIT ${opts.limit}`.execute(db);
  return r.rows;
}
