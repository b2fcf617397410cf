/**
 * What each exported page read, so that the next export renders again only the pages an edit
 * touched (`export-graph.ts`). Every read of the public site goes through its `SiteReader`; the
 * export's reader is wrapped so that each call notes the keys it depends on under the page being
 * fetched (an async context around each request):
 *
 * - `e:ID`: the entity's public row; `c:ID`: its claims; `r:ID`: the claims pointing at it;
 * - `s:TYPE:SLUG`: whichever entity has that address;
 * - `t:TYPE`: which entities of a type are public and what lists show of them (address, label),
 *   `t:*` of any type; `u:TYPE`: anything of any entity of a type, `u:*` of any entity;
 * - `q:…`: a query of people by their facets (which people match, in which order);
 * - `estimates`: the published estimates.
 *
 * A page that reads the database any other way (the search pages, redirects from old addresses,
 * the site's share card) cannot be tracked and is marked volatile: rendered again every time.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import type { Db } from "../../db/index.ts";
import { filterConditions, type PeopleFilter } from "../find.repository.ts";
import type { SiteReader } from "../site.reader.ts";
import { peopleQueryKey } from "./export-graph.ts";

/** What one fetched page depended on. */
export interface PageDeps {
  keys: Set<string>;
  /** It read the database around the reader: its dependencies are unknown. */
  volatile: boolean;
}

interface Context {
  deps: PageDeps;
  /** Inside a reader call (its own queries are accounted for by its keys). */
  inReader: boolean;
}

/** Notes the dependencies of the pages fetched under `run`. */
export class DependencyRecorder {
  readonly #als = new AsyncLocalStorage<Context>();

  /** Runs one page's request, returning what it read beside its result. */
  async run<T>(fn: () => Promise<T>): Promise<{ result: T; deps: PageDeps }> {
    const deps: PageDeps = { keys: new Set(), volatile: false };
    const result = await this.#als.run({ deps, inReader: false }, fn);
    return { result, deps };
  }

  /** Notes keys for the page being fetched (none outside a page: the read-ahead's own reads). */
  note(keys: Iterable<string>): void {
    const ctx = this.#als.getStore();
    if (!ctx) return;
    for (const k of keys) ctx.deps.keys.add(k);
  }

  /** Calls a reader method, its queries counted as tracked. */
  async reading<T>(keys: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    this.note(keys);
    const ctx = this.#als.getStore();
    if (!ctx) return fn();
    return this.#als.run({ deps: ctx.deps, inReader: true }, fn);
  }

  /** A query ran: outside a reader call, the page it ran for becomes volatile. */
  queried(): void {
    const ctx = this.#als.getStore();
    if (ctx && !ctx.inReader) ctx.deps.volatile = true;
  }

  /** The app's database handle, watched: a page's query that bypasses the reader marks it volatile. */
  watch(db: Db): Db {
    return db.withPlugin(new QueryWatch(() => this.queried()));
  }
}

/** A Kysely plugin telling each query compiled (in the caller's async context). */
class QueryWatch implements KyselyPlugin {
  constructor(private readonly onQuery: () => void) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.onQuery();
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const ids = (prefix: string, list: readonly string[]) => list.map((id) => `${prefix}${id}`);

/** The export's reader, noting each read's keys under the page being fetched. */
export function recordingReader(base: SiteReader, rec: DependencyRecorder): SiteReader {
  const r = <T>(keys: Iterable<string>, fn: () => Promise<T>) => rec.reading(keys, fn);
  const people = (f: PeopleFilter, victims: readonly string[] | undefined) => [peopleQueryKey(filterConditions(f, victims ?? []))];
  // Articles are listed and counted by their publication date, a claim: any change of one counts.
  const set = (type: string) => (type === "article" ? "u:article" : `t:${type}`);
  return {
    today: base.today,
    entityBySlug: (type, slug) => r([`s:${type}:${slug}`], () => base.entityBySlug(type, slug)),
    entitiesByIds: (list) => r(ids("e:", list), () => base.entitiesByIds(list)),
    claimsOf: (list, properties) => r(ids("c:", list), () => base.claimsOf(list, properties)),
    claimsReferencing: (list, properties) => r(ids("r:", list), () => base.claimsReferencing(list, properties)),
    // Claim ids come from `claimsOf` of their entity in the same page, whose key covers them.
    footnoteNumbers: (claimIds) => r([], () => base.footnoteNumbers(claimIds)),
    publishedArticles: (page) => r(["u:article"], () => base.publishedArticles(page)),
    articleIdsWithTag: (tagId) => r(["u:article"], () => base.articleIdsWithTag(tagId)),
    entitiesOfType: (type, page) => r([set(type)], () => base.entitiesOfType(type, page)),
    countEntitiesOfType: (type) => r([set(type)], () => base.countEntitiesOfType(type)),
    countEntitiesByType: () => r(["t:*", "u:article"], () => base.countEntitiesByType()),
    // Every claim of a property, every citation: any change.
    claimsByProperty: (property) => r(["u:*"], () => base.claimsByProperty(property)),
    countEntitiesCitingSources: (list) => r(["u:*"], () => base.countEntitiesCitingSources(list)),
    // Sitemaps give each address its last change.
    slugs: (types) => r(types.map((t) => `u:${t}`), () => base.slugs(types)),
    publishedEstimates: () => r(["estimates"], () => base.publishedEstimates()),
    findPeople: (f, page, victims) => r(people(f, victims), () => base.findPeople(f, page, victims)),
    countPeople: (f, cap, victims) => r(people(f, victims), () => base.countPeople(f, cap, victims)),
    // Builds a restriction; reads nothing itself.
    peopleMatching: (f, victims) => base.peopleMatching(f, victims),
    // The places people were held in or lived in: any change of anyone.
    placeChoices: (property) => r(["u:*"], () => base.placeChoices(property)),
    placeNames: (id) => r([`e:${id}`, `c:${id}`], () => base.placeNames(id)),
    // The lists and the sources their `source` claims name.
    listSources: () => r(["u:list"], () => base.listSources()),
  };
}
