/**
 * What the page builders read: a small interface over the public projection, so that the same
 * builders render public pages and team previews (a draft overlaid on the public projection).
 */
import type { PublicClaimRow, PublicDb, PublicEntityRow, PublicEstimateRow } from "../db/index.ts";
import {
  countEntitiesCitingSources,
  countPublicEntitiesByType,
  countPublicEntitiesOfType,
  findArticleIdsWithTag,
  findPublicClaimsByProperty,
  findPublicEntitiesOfType,
  findPublicSlugs,
  findPublishedArticles,
  findPublishedEstimates,
  findPublicClaimsOf,
  findPublicClaimsReferencing,
  findPublicEntitiesByIds,
  findPublicEntityBySlug,
  findFootnoteNumbers,
  todayIso,
} from "./public.repository.ts";
import type { PeopleRestriction } from "../search/index.ts";
import { countPeople, findListSources, findPeople, findPlaceChoices, findPlaceNames, peopleMatching, type PeopleFilter } from "./find.repository.ts";

/** Read access the page builders need. */
export interface SiteReader {
  /** The day scheduled articles are compared with. */
  readonly today: string;
  entityBySlug(type: string, slug: string): Promise<PublicEntityRow | undefined>;
  entitiesByIds(ids: readonly string[]): Promise<Map<string, PublicEntityRow>>;
  claimsOf(ids: readonly string[], properties?: readonly string[]): Promise<PublicClaimRow[]>;
  claimsReferencing(ids: readonly string[], properties?: readonly string[]): Promise<PublicClaimRow[]>;
  /** Footnote numbers of article `cites` claims. */
  footnoteNumbers(claimIds: readonly string[]): Promise<Map<string, number>>;
  /** Published articles (of the given ids), newest first. */
  publishedArticles(page: { limit: number; offset: number; ids?: readonly string[] }): Promise<PublicEntityRow[]>;
  articleIdsWithTag(tagId: string): Promise<string[]>;
  /** Public entities of a type by label (articles: published ones, newest first). */
  entitiesOfType(type: string, page: { limit: number; offset: number }): Promise<PublicEntityRow[]>;
  countEntitiesOfType(type: string): Promise<number>;
  countEntitiesByType(): Promise<Map<string, number>>;
  claimsByProperty(property: string): ReturnType<typeof findPublicClaimsByProperty>;
  /** How many public entities cite each of the given sources (lists). */
  countEntitiesCitingSources(sourceIds: readonly string[]): Promise<Map<string, number>>;
  /** Every public slug of some types with its last change, for sitemaps. */
  slugs(types: readonly string[]): ReturnType<typeof findPublicSlugs>;
  publishedEstimates(): Promise<PublicEstimateRow[]>;
  /** One page of public people matching a filter (issue 12); `victimSources` say what a victim list cites. */
  findPeople(f: PeopleFilter, page: { limit: number; offset: number }, victimSources?: readonly string[]): Promise<PublicEntityRow[]>;
  /** A restriction of the public search to the people matching a filter. */
  peopleMatching(f: PeopleFilter, victimSources: readonly string[]): PeopleRestriction;
  /** How many public people match a filter, up to `cap`. */
  countPeople(f: PeopleFilter, cap: number, victimSources?: readonly string[]): Promise<number>;
  /** Places offered as a prison or city filter. */
  placeChoices(property: "prison" | "city"): Promise<string[]>;
  /** A place's public names as written. */
  placeNames(id: string): Promise<string[]>;
  /** Every public list with the ids its values cite. */
  listSources(): Promise<Map<string, string[]>>;
}

/** The public reader: the projection and nothing else. */
export function publicReader(pdb: PublicDb, today: string = todayIso()): SiteReader {
  return {
    today,
    entityBySlug: (type, slug) => findPublicEntityBySlug(pdb, type, slug),
    entitiesByIds: async (ids) => new Map((await findPublicEntitiesByIds(pdb, ids)).map((e) => [e.id, e])),
    claimsOf: (ids, properties) => findPublicClaimsOf(pdb, ids, properties),
    claimsReferencing: (ids, properties) => findPublicClaimsReferencing(pdb, ids, properties),
    footnoteNumbers: (claimIds) => findFootnoteNumbers(pdb, claimIds),
    publishedArticles: (page) => findPublishedArticles(pdb, page, today),
    articleIdsWithTag: (tagId) => findArticleIdsWithTag(pdb, tagId),
    entitiesOfType: (type, page) => findPublicEntitiesOfType(pdb, type, page, today),
    countEntitiesOfType: (type) => countPublicEntitiesOfType(pdb, type, today),
    countEntitiesByType: () => countPublicEntitiesByType(pdb),
    claimsByProperty: (property) => findPublicClaimsByProperty(pdb, property),
    countEntitiesCitingSources: (ids) => countEntitiesCitingSources(pdb, ids),
    slugs: (types) => findPublicSlugs(pdb, types, today),
    publishedEstimates: () => findPublishedEstimates(pdb),
    findPeople: (f, page, victimSources) => findPeople(pdb, f, page, victimSources),
    countPeople: (f, cap, victimSources) => countPeople(pdb, f, cap, victimSources),
    peopleMatching: (f, victimSources) => peopleMatching(f, victimSources),
    placeChoices: (property) => findPlaceChoices(pdb, property),
    placeNames: (id) => findPlaceNames(pdb, id),
    listSources: () => findListSources(pdb),
  };
}

/**
 * A reader that adds one not-yet-public entity (a draft or scheduled article) with the claims it
 * will publish, on top of the public projection. Used only for signed-in previews.
 */
export function overlayReader(
  base: SiteReader,
  entity: PublicEntityRow,
  claims: readonly PublicClaimRow[],
  footnotes: ReadonlyMap<string, number>,
): SiteReader {
  return {
    ...base,
    entityBySlug: async (type, slug) => (entity.type === type && entity.slug === slug ? entity : base.entityBySlug(type, slug)),
    entitiesByIds: async (ids) => {
      const m = await base.entitiesByIds(ids);
      if (ids.includes(entity.id)) m.set(entity.id, entity);
      return m;
    },
    claimsOf: async (ids, properties) => {
      const own = ids.includes(entity.id) ? claims.filter((c) => !properties || properties.includes(c.property)) : [];
      return [...(await base.claimsOf(ids.filter((i) => i !== entity.id), properties)), ...own];
    },
    footnoteNumbers: async (claimIds) => {
      const m = await base.footnoteNumbers(claimIds);
      for (const id of claimIds) {
        const n = footnotes.get(id);
        if (n !== undefined) m.set(id, n);
      }
      return m;
    },
  };
}
