/**
 * Every query of the public site, typed against the public projection (`PublicDb`): the compiler
 * refuses any other table, so no team or confidential value can be read from here.
 */
import { sql } from "kysely";
import { createdMicros, findPublicClaimsOfIds, type TimedClaimRow, type PublicClaimRow, type PublicDb, type PublicEntityRow, type PublicEstimateRow } from "../db/index.ts";

/** Today as an ISO day (UTC), the bound for scheduled publication. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A public entity by its current slug and type. */
export async function findPublicEntityBySlug(db: PublicDb, type: string, slug: string): Promise<PublicEntityRow | undefined> {
  return db.selectFrom("public_entity").selectAll().where("slug", "=", slug).where("type", "=", type).executeTakeFirst();
}

/** Public entities of a type by their current slugs (slugs that are not public are simply absent). */
export async function findPublicEntitiesBySlugs(db: PublicDb, type: string, slugs: readonly string[]): Promise<PublicEntityRow[]> {
  const unique = [...new Set(slugs)];
  if (unique.length === 0) return [];
  return db.selectFrom("public_entity").selectAll().where("type", "=", type).where("slug", "in", unique).execute();
}

/**
 * The person a list row is folded into (linked records are one person), by the row's slug or, for
 * a slug the row no longer has, by its id.
 */
export async function findFoldedInto(db: PublicDb, type: string, slug: string, recordId?: string): Promise<PublicEntityRow | undefined> {
  return db
    .selectFrom("public_merge as m")
    .innerJoin("public_entity as e", "e.id", "m.entity_id")
    .selectAll("e")
    .where("m.type", "=", type)
    .where((eb) => (recordId ? eb.or([eb("m.record_slug", "=", slug), eb("m.record_id", "=", recordId)]) : eb("m.record_slug", "=", slug)))
    .executeTakeFirst();
}

/** A public entity by id. */
export async function findPublicEntityById(db: PublicDb, id: string): Promise<PublicEntityRow | undefined> {
  return db.selectFrom("public_entity").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Public entities by id (missing or non-public ids are simply absent). */
export async function findPublicEntitiesByIds(db: PublicDb, ids: readonly string[]): Promise<PublicEntityRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db.selectFrom("public_entity").selectAll().where("id", "in", unique).execute();
}

/** Every public claim of the given entities, optionally only some properties, oldest first. */
export async function findPublicClaimsOf(db: PublicDb, ids: readonly string[], properties?: readonly string[]): Promise<PublicClaimRow[]> {
  return findPublicClaimsOfIds(db, ids, { properties, order: "time" });
}

/** Public claims that point at the given entities (incoming references), optionally by property. */
export async function findPublicClaimsReferencing(
  db: PublicDb,
  ids: readonly string[],
  properties?: readonly string[],
): Promise<PublicClaimRow[]> {
  const refs = await referencesOf(db, ids);
  if (refs.length === 0) return [];
  let q = db.selectFrom("public_claim").selectAll().where("record_ref_id", "in", refs);
  if (properties) q = q.where("property", "in", [...properties]);
  return q.orderBy("created_at").orderBy("id").execute();
}

/** `findPublicClaimsReferencing`, each claim with its exact creation time, for merging reads in the database's order. */
export async function findTimedPublicClaimsReferencing(db: PublicDb, ids: readonly string[]): Promise<TimedClaimRow[]> {
  const refs = await referencesOf(db, ids);
  if (refs.length === 0) return [];
  return db
    .selectFrom("public_claim")
    .selectAll()
    .select(createdMicros("created_at").as("created_us"))
    .where("record_ref_id", "in", refs)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** The ids a reference to the given entities may hold: theirs and those of list rows folded into them. */
async function referencesOf(db: PublicDb, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  // A claim may point at a list row folded into the person: look those records up too, by the
  // stored reference, which keeps the lookup on the claims' reference index.
  const folded = await db.selectFrom("public_merge").select("record_id").where("entity_id", "in", unique).execute();
  return [...unique, ...folded.map((r) => r.record_id)];
}

/**
 * One page of public entities of a type, by label. Articles are excluded while their `published`
 * date lies in the future (the views do this too; the repository does not rely on it alone).
 */
export async function findPublicEntitiesOfType(
  db: PublicDb,
  type: string,
  opts: { limit: number; offset: number },
  today: string = todayIso(),
): Promise<PublicEntityRow[]> {
  if (type === "article") return findPublishedArticles(db, opts, today);
  return db
    .selectFrom("public_entity")
    .selectAll()
    .where("type", "=", type)
    .orderBy("label")
    .orderBy("id")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** How many public entities of a type there are (published articles only). */
export async function countPublicEntitiesOfType(db: PublicDb, type: string, today: string = todayIso()): Promise<number> {
  if (type === "article") {
    const r = await publishedArticleQuery(db, today).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  const r = await db
    .selectFrom("public_entity")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("type", "=", type)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Counts of public entities per type. */
export async function countPublicEntitiesByType(db: PublicDb): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("public_entity")
    .select(["type", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("type")
    .execute();
  return new Map(rows.map((r) => [r.type, Number(r.n)]));
}

/** Whether any public entity is fictional (the demo collection, or invented examples beside real records). */
export async function hasPublicFictionalEntity(db: PublicDb): Promise<boolean> {
  const row = await db.selectFrom("public_entity").select("id").where("is_fictional", "=", true).limit(1).executeTakeFirst();
  return row !== undefined;
}

function publishedArticleQuery(db: PublicDb, today: string) {
  // An article is listed only when it has a public `published` date on or before today.
  return db
    .selectFrom("public_entity as e")
    .innerJoin("public_claim as p", (j) => j.onRef("p.entity_id", "=", "e.id").on("p.property", "=", "published"))
    .where("e.type", "=", "article")
    .where(sql<boolean>`p.date_earliest <= ${today}::date`);
}

/** Published articles, newest first, with their publication day. */
export async function findPublishedArticles(
  db: PublicDb,
  opts: { limit: number; offset: number; ids?: readonly string[] },
  today: string = todayIso(),
): Promise<(PublicEntityRow & { published: string })[]> {
  let q = publishedArticleQuery(db, today).selectAll("e").select(sql<string>`max(p.date_earliest)::text`.as("published"));
  if (opts.ids) {
    if (opts.ids.length === 0) return [];
    q = q.where("e.id", "in", [...opts.ids]);
  }
  return q
    .groupBy(["e.id", "e.type", "e.slug", "e.label", "e.is_fictional", "e.created_at", "e.updated_at"])
    .orderBy("published", "desc")
    .orderBy("e.id")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** Ids of public articles that carry a tag (by incoming `tag` claims). */
export async function findArticleIdsWithTag(db: PublicDb, tagId: string): Promise<string[]> {
  const rows = await db.selectFrom("public_claim").select("entity_id").where("property", "=", "tag").where("record_ref_id", "=", tagId).execute();
  return [...new Set(rows.map((r) => r.entity_id))];
}

/** Every public slug of some types with its last change (entity or any of its claims), for sitemaps and export. */
export async function findPublicSlugs(
  db: PublicDb,
  types: readonly string[],
  today: string = todayIso(),
): Promise<{ id: string; type: string; slug: string; lastmod: string }[]> {
  if (types.length === 0) return [];
  const rows = await db
    .selectFrom("public_entity as e")
    .leftJoin("public_claim as c", "c.entity_id", "e.id")
    .select(["e.id", "e.type", "e.slug", sql<string>`greatest(e.updated_at, max(c.updated_at))`.as("lastmod")])
    .where("e.type", "in", [...types])
    .where((eb) =>
      eb.or([
        eb("e.type", "<>", "article"),
        eb.exists(
          eb
            .selectFrom("public_claim as p")
            .select("p.id")
            .whereRef("p.entity_id", "=", "e.id")
            .where("p.property", "=", "published")
            .where(sql<boolean>`p.date_earliest <= ${today}::date`),
        ),
      ]),
    )
    .groupBy(["e.id", "e.type", "e.slug", "e.updated_at"])
    .orderBy("e.type")
    .orderBy("e.slug")
    .execute();
  return rows.map((r) => ({ ...r, lastmod: new Date(r.lastmod).toISOString() }));
}

/** Public claims of a property across all entities (for statistics), only the columns needed. */
export async function findPublicClaimsByProperty(
  db: PublicDb,
  property: string,
): Promise<Pick<PublicClaimRow, "entity_id" | "ref_id" | "value" | "date_earliest" | "date_latest">[]> {
  return db
    .selectFrom("public_claim")
    .select(["entity_id", "ref_id", "value", "date_earliest", "date_latest"])
    .where("property", "=", property)
    .execute();
}

/** Published estimates of the total number of victims, most recently published first. */
export async function findPublishedEstimates(db: PublicDb): Promise<PublicEstimateRow[]> {
  return db.selectFrom("public_estimate").selectAll().orderBy("published_at", "desc").orderBy("id").limit(20).execute();
}

/** How many distinct public entities cite each source (e.g. people named by each list). */
export async function countEntitiesCitingSources(db: PublicDb, sourceIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const id of new Set(sourceIds)) {
    const r = await db
      .selectFrom("public_claim")
      .select(sql<string>`count(DISTINCT entity_id)`.as("n"))
      .where(sql<boolean>`sources @> ${JSON.stringify([{ sourceId: id }])}::jsonb`)
      .executeTakeFirst();
    out.set(id, Number(r?.n ?? 0));
  }
  return out;
}

/**
 * The footnote number of each given public claim, from its `footnote-N` confidence rule. The
 * column is read by name because the typed projection does not list it yet (migration 0004 adds
 * it to the view).
 */
export async function findFootnoteNumbers(db: PublicDb, claimIds: readonly string[]): Promise<Map<string, number>> {
  if (claimIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("public_claim")
    .select(["id", sql<string | null>`confidence_rule`.as("rule")])
    .where("id", "in", [...claimIds])
    .execute();
  const out = new Map<string, number>();
  for (const r of rows) {
    const m = /^footnote-(\d+)$/.exec(r.rule ?? "");
    if (m) out.set(r.id, Number(m[1]));
  }
  return out;
}

/** A public entity's digest: its row's and its claims' (`md5` of their text), and what its claims point at. */
export interface PublicDigestRow {
  id: string;
  type: string;
  slug: string;
  digest: string;
  refs: string[];
  /** The digest of what lists show of it (address, label, fictional; a person's label order). */
  face: string;
  /**
   * A person's facet keys, sorted, joined by U+001F (one string, not one per key: at 100,000 people
   * the export keeps them all), and death dates (`sabt_derived.person_facet`): what filters of
   * people test; null for a record with no facets.
   */
  facets: string | null;
  deaths: string | null;
}

/**
 * Every public entity's digest, with the records folded into each person, and one digest of the
 * published estimates: what the incremental static export compares with the previous export's to
 * find what an edit touched. Computed in the database (one pass, hashes leave it, not values).
 */
export async function findPublicDigests(db: PublicDb): Promise<{ entities: PublicDigestRow[]; merges: { record_id: string; type: string; record_slug: string; entity_id: string }[]; estimates: string }> {
  const entities = await sql<PublicDigestRow>`
    /* sabt:bulk */ SELECT e.id, e.type, e.slug, md5(e::text || coalesce(c.digest, '')) AS digest, coalesce(c.refs, '{}') AS refs,
      md5(concat_ws('|', e.slug, e.label, e.is_fictional::text, f.label)) AS face,
      CASE WHEN f.id IS NULL THEN NULL ELSE coalesce((SELECT string_agg(k, chr(31) ORDER BY k) FROM unnest(f.keys) k), '') END AS facets,
      f.deaths::text AS deaths
    FROM public_entity e
    LEFT JOIN sabt_derived.person_facet f ON f.id = e.id
    LEFT JOIN (
      SELECT entity_id, md5(string_agg(c::text, '|' ORDER BY c.id)) AS digest,
        array_remove(array_agg(DISTINCT c.ref_id) || array_agg(DISTINCT c.record_ref_id), NULL) AS refs
      FROM public_claim c GROUP BY entity_id
    ) c ON c.entity_id = e.id`.execute(db);
  const merges = await db.selectFrom("public_merge").select(["record_id", "type", "record_slug", "entity_id"]).execute();
  const est = await sql<{ digest: string | null }>`SELECT md5(string_agg(e::text, '|' ORDER BY e.id)) AS digest FROM public_estimate e`.execute(db);
  return { entities: entities.rows, merges, estimates: est.rows[0]?.digest ?? "" };
}

/** Every public entity (id, type, slug, label), ordered by label and id: the static mirror's search index numbers records so. */
export async function findPublicEntitiesByLabel(db: PublicDb): Promise<{ id: string; type: string; slug: string; label: string }[]> {
  return db.selectFrom("public_entity").select(["id", "type", "slug", "label"]).orderBy("label").orderBy("id").execute();
}

/**
 * The whole search terms of the given entities' public values (split by `sabt_search_terms`, as
 * the live search's index splits them), sorted, for those that have any: the static mirror's
 * search index is built from this and from nothing else.
 */
export async function findPublicSearchTermsOf(db: PublicDb, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const r = await sql<{ id: string; terms: string[] }>`
    SELECT c.entity_id AS id, array_agg(DISTINCT t.term ORDER BY t.term) AS terms
    FROM sabt_public_claims_of(${[...ids]}::text[], NULL) c
    CROSS JOIN LATERAL unnest(sabt_search_terms(c.search_key)) AS t(term)
    WHERE c.search_key <> ''
    GROUP BY c.entity_id`.execute(db);
  return new Map(r.rows.map((x) => [x.id, x.terms]));
}
