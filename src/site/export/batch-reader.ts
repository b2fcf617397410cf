/**
 * The static export's reader: the public reader with batched reads in front of it. Planning a query
 * over the public views costs several milliseconds on the embedded engine, far more than running
 * it, so the crawl's one-page-at-a-time reads (a dozen per page) made the export slow. Before each
 * batch of pages the export names the pages it is about to fetch (`prefetch`); their entities, all
 * their claims, the claims pointing at them, and the entities those name are read in a few
 * queries, and the pages then read from memory. Anything not prefetched is read through and kept.
 *
 * Results are exactly the public reader's: claims are kept per entity in the database's order
 * (`created_at`, then `id`), read with their creation time to the microsecond (finer than a
 * `Date`), so that the claims of several entities are merged in that order too; where the order
 * would rest on comparing ids that are not UUIDs (a collation question), the read goes to the
 * database.
 * Memory stays bounded: the oldest entries are dropped past a budget of cached claims.
 */
import { findTimedPublicClaimsOfIds, type PublicClaimRow, type PublicDb, type PublicEntityRow, type TimedClaimRow } from "../../db/index.ts";
import { SITEMAP_TYPES } from "../machine/sitemap.ts";
import { typeOfSection, type PagedType } from "../paths.ts";
import { findPublicEntitiesBySlugs, findTimedPublicClaimsReferencing } from "../public.repository.ts";
import type { SiteReader } from "../site.reader.ts";

/** A site reader that the export tells which pages come next. */
export interface BatchReader extends SiteReader {
  /** Reads ahead everything the given site paths' pages will read about their entities. */
  prefetch(paths: readonly string[]): Promise<void>;
  /** Drops everything kept (reads after it start afresh). */
  release(): void;
}

/**
 * Claims kept in memory (in each of the two caches) before the oldest entities are dropped, about
 * 1 KB each: a batch of pages needs a few thousand, and keeping more did not make the export of
 * 100,000 people faster.
 */
const DEFAULT_BUDGET = 40_000;

// Pages of lists kept for the page in the other language (see `batchReader`).
const RECENT_LISTS = 400;

// An id known not to be public (a referenced entity the public cannot see): cached too.
const ABSENT = null;

/** Wraps the public reader with read-ahead and a bounded cache, for the static export only. */
export function batchReader(base: SiteReader, pdb: PublicDb, budget = DEFAULT_BUDGET): BatchReader {
  const ahead = new ReadAhead(base, pdb, budget);
  // Small answers many pages ask again (the lists' sources on every search form, the newest
  // articles on every article page): kept for the whole export, whose data does not change.
  const once = memo();
  // The pages of lists, asked again by the same page in the other language: the last few hundred
  // kept (each at most a page of 50 rows), so that most are read once, in bounded memory.
  const recent = memo(RECENT_LISTS);
  return {
    ...base,
    listSources: () => once("listSources", [], () => base.listSources()),
    publishedArticles: (page) => once("publishedArticles", [page.limit, page.offset, page.ids ?? null], () => base.publishedArticles(page)),
    articleIdsWithTag: (tagId) => once("articleIdsWithTag", [tagId], () => base.articleIdsWithTag(tagId)),
    countEntitiesOfType: (type) => once("countEntitiesOfType", [type], () => base.countEntitiesOfType(type)),
    countEntitiesByType: () => once("countEntitiesByType", [], () => base.countEntitiesByType()),
    countEntitiesCitingSources: (ids) => once("countEntitiesCitingSources", ids, () => base.countEntitiesCitingSources(ids)),
    publishedEstimates: () => once("publishedEstimates", [], () => base.publishedEstimates()),
    placeChoices: (property) => once("placeChoices", [property], () => base.placeChoices(property)),
    entitiesOfType: (type, page) => recent("entitiesOfType", [type, page.limit, page.offset], () => base.entitiesOfType(type, page)),
    findPeople: (f, page, victims) => recent("findPeople", [f, page.limit, page.offset, victims ?? null], () => base.findPeople(f, page, victims)),
    countPeople: (f, cap, victims) => once("countPeople", [f, cap, victims ?? null], () => base.countPeople(f, cap, victims)),
    // The sitemap index and each sitemap read the addresses of the types they list: one query for
    // all of them (the same order within each type), not one per type and file.
    slugs: async (types) => {
      if (!types.every((t) => SITEMAP_TYPES.includes(t as PagedType))) return base.slugs(types);
      const all = await once("slugs", [], () => base.slugs(SITEMAP_TYPES));
      return all.filter((r) => types.includes(r.type));
    },
    prefetch: (paths) => ahead.prefetch(paths),
    release: () => ahead.release(),
    entityBySlug: (type, slug) => ahead.entityBySlug(type, slug),
    entitiesByIds: (ids) => ahead.entitiesByIds(ids),
    claimsOf: (ids, properties) => ahead.claimsOf(ids, properties),
    claimsReferencing: (ids, properties) => ahead.claimsReferencing(ids, properties),
  };
}

/** The entity pages among site paths (`/{lang}/{section}/{slug}`), as slugs by entity type. */
function entityPagesOf(paths: readonly string[]): Map<string, string[]> {
  const slugs = new Map<string, string[]>();
  for (const p of paths) {
    const m = /^\/(?:fa|en)\/([^/]+)\/([^/]+)$/.exec(p);
    const type = m ? typeOfSection(m[1]!) : undefined;
    if (!m || !type || m[2] === "page") continue;
    let slug: string;
    try {
      slug = decodeURIComponent(m[2]!);
    } catch {
      continue; // not a slug the site has: its page answers 404 without help
    }
    const list = slugs.get(type) ?? [];
    list.push(slug);
    slugs.set(type, list);
  }
  return slugs;
}

/** The cached entities and claims, and the reads that fill them. */
class ReadAhead {
  private readonly entities = new Map<string, PublicEntityRow | typeof ABSENT>();
  private readonly bySlug = new Map<string, string>();
  private readonly own: ClaimCache;
  private readonly incoming: ClaimCache;

  constructor(
    private readonly base: SiteReader,
    private readonly pdb: PublicDb,
    private readonly budget: number,
  ) {
    this.own = new ClaimCache(budget);
    this.incoming = new ClaimCache(budget);
  }

  /** Reads the pages' entities, their claims, the claims pointing at them, and what those name. */
  async prefetch(paths: readonly string[]): Promise<void> {
    const ids: string[] = [];
    for (const [type, list] of entityPagesOf(paths)) {
      const fresh = list.filter((s) => !this.bySlug.has(`${type}\u0000${s}`));
      for (const e of await findPublicEntitiesBySlugs(this.pdb, type, fresh)) this.remember(e);
      for (const s of list) {
        const id = this.bySlug.get(`${type}\u0000${s}`);
        if (id) ids.push(id);
      }
    }
    if (ids.length === 0) return;
    await this.loadClaims(ids);
    await this.loadIncoming(ids);
    // What the pages name: referenced entities, sources, and the relations and records pointing here.
    const named = new Set<string>();
    for (const id of ids) {
      for (const c of this.own.get(id) ?? []) {
        if (c.ref_id) named.add(c.ref_id);
        for (const s of c.sources) named.add(s.sourceId);
      }
      for (const c of this.incoming.get(id) ?? []) named.add(c.entity_id);
    }
    await this.loadEntities([...named]);
    await this.loadClaims([...named].filter((id) => this.entities.get(id)));
  }

  release(): void {
    this.entities.clear();
    this.bySlug.clear();
    this.own.clear();
    this.incoming.clear();
  }

  async entityBySlug(type: string, slug: string): Promise<PublicEntityRow | undefined> {
    const id = this.bySlug.get(`${type}\u0000${slug}`);
    const e = id ? this.entities.get(id) : undefined;
    if (e) return e;
    const found = await this.base.entityBySlug(type, slug);
    if (found) this.remember(found);
    return found;
  }

  async entitiesByIds(ids: readonly string[]): Promise<Map<string, PublicEntityRow>> {
    await this.loadEntities(ids);
    const out = new Map<string, PublicEntityRow>();
    for (const id of ids) {
      const e = this.entities.get(id);
      if (e) out.set(id, e);
    }
    return out;
  }

  async claimsOf(ids: readonly string[], properties?: readonly string[]): Promise<PublicClaimRow[]> {
    await this.loadClaims(ids);
    return this.own.read(ids, properties) ?? this.base.claimsOf(ids, properties);
  }

  async claimsReferencing(ids: readonly string[], properties?: readonly string[]): Promise<PublicClaimRow[]> {
    await this.loadIncoming(ids);
    return this.incoming.read(ids, properties) ?? this.base.claimsReferencing(ids, properties);
  }

  private remember(e: PublicEntityRow): void {
    deepFreeze(e);
    this.entities.set(e.id, e);
    this.bySlug.set(`${e.type}\u0000${e.slug}`, e.id);
  }

  private async loadEntities(ids: readonly string[]): Promise<void> {
    // Entity rows are small: only capped, not aged like claims. Capped before looking: clearing
    // after would lose the entities this read found cached.
    if (this.entities.size > this.budget) {
      this.entities.clear();
      this.bySlug.clear();
    }
    const missing = [...new Set(ids)].filter((id) => !this.entities.has(id));
    if (missing.length === 0) return;
    const found = await this.base.entitiesByIds(missing);
    for (const id of missing) {
      const e = found.get(id);
      if (e) this.remember(e);
      else this.entities.set(id, ABSENT);
    }
  }

  private async loadClaims(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.own.has(id));
    if (missing.length > 0) this.own.fill(missing, await findTimedPublicClaimsOfIds(this.pdb, missing), (c) => [c.entity_id]);
  }

  private async loadIncoming(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.incoming.has(id));
    // Grouped by `ref_id`, which names the person a folded record is part of, and by the stored
    // reference, for a read about the record itself.
    if (missing.length > 0) {
      const rows = await findTimedPublicClaimsReferencing(this.pdb, missing);
      this.incoming.fill(missing, rows, (c) => (c.ref_id === c.record_ref_id ? [c.ref_id ?? ""] : [c.ref_id ?? "", c.record_ref_id ?? ""]));
    }
  }
}

/**
 * Answers kept by method and arguments (JSON), the promise itself so that concurrent asks share one
 * read; each caller gets its own copy, so a page that sorts its list cannot change the next page's.
 */
function memo(max = Infinity): <T>(method: string, args: readonly unknown[], read: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<unknown>>();
  return async <T>(method: string, args: readonly unknown[], read: () => Promise<T>) => {
    const key = `${method}\u0000${JSON.stringify(args)}`;
    let p = kept.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      kept.set(key, p);
      // A failed read is not kept: the next page asks again.
      p.catch(() => kept.delete(key));
    }
    return structuredClone(await p);
  };
}

/** Claims per entity in the database's order, the oldest entities dropped past a budget of rows. */
class ClaimCache {
  private readonly rows = new Map<string, PublicClaimRow[]>();
  private size = 0;
  // Each cached claim's creation time in microseconds; kept beside the row, which pages receive as read.
  private readonly micros = new WeakMap<PublicClaimRow, number>();

  constructor(private readonly budget: number) {}

  has(id: string): boolean {
    return this.rows.has(id);
  }

  clear(): void {
    this.rows.clear();
    this.size = 0;
  }

  get(id: string): readonly PublicClaimRow[] | undefined {
    return this.rows.get(id);
  }

  /** Stores the rows of one read for the entities asked (an entity with no rows keeps an empty list). */
  fill(ids: readonly string[], rows: readonly TimedClaimRow[], keys: (c: PublicClaimRow) => string[]): void {
    const groups = new Map<string, PublicClaimRow[]>(ids.map((id) => [id, []]));
    for (const { created_us, ...c } of rows) {
      // Shared by every page that reads it: frozen, so that a page changing a row fails loudly
      // instead of changing the next page.
      deepFreeze(c);
      this.micros.set(c, Number(created_us));
      for (const k of keys(c)) groups.get(k)?.push(c);
    }
    for (const [id, list] of groups) {
      this.rows.set(id, list);
      this.size += list.length;
    }
    // Insertion order is age: drop the oldest until within budget, never what was just read.
    for (const [id, list] of this.rows) {
      if (this.size <= this.budget || groups.has(id)) break;
      this.rows.delete(id);
      this.size -= list.length;
    }
  }

  /**
   * The cached claims of `ids` (optionally of some properties) in the database's order; undefined
   * when an entity is not cached or the order across entities cannot be told from the cache.
   */
  read(ids: readonly string[], properties?: readonly string[]): PublicClaimRow[] | undefined {
    const wanted = properties ? new Set(properties) : undefined;
    const lists: PublicClaimRow[][] = [];
    for (const id of new Set(ids)) {
      const list = this.rows.get(id);
      if (!list) return undefined;
      const kept = wanted ? list.filter((c) => wanted.has(c.property)) : list;
      if (kept.length > 0) lists.push(kept);
    }
    if (lists.length <= 1) return [...(lists[0] ?? [])];
    const merged = this.merge(lists);
    // A claim in two lists (a reference to a person and to a record folded into them, both asked):
    // the database returns it once; leave that to the database.
    return merged && new Set(merged).size === merged.length ? merged : undefined;
  }

  /**
   * Merges lists each in (created_at, id) order into that order; undefined when two claims were
   * created in the same microsecond and an id is not a UUID (whose order, lowercase hexadecimal
   * with dashes in the same places, is the same in every collation).
   */
  private merge(lists: PublicClaimRow[][]): PublicClaimRow[] | undefined {
    const at = lists.map(() => 0);
    const out: PublicClaimRow[] = [];
    for (;;) {
      let best: PublicClaimRow | undefined;
      let from = -1;
      for (let i = 0; i < lists.length; i++) {
        const c = lists[i]![at[i]!];
        if (!c) continue;
        const order = best ? this.compare(c, best) : -1;
        if (order === undefined) return undefined;
        if (order < 0) {
          best = c;
          from = i;
        }
      }
      if (!best) return out;
      out.push(best);
      at[from]!++;
    }
  }

  private compare(a: PublicClaimRow, b: PublicClaimRow): number | undefined {
    const d = this.micros.get(a)! - this.micros.get(b)!;
    if (d !== 0) return d;
    if (!UUID.test(a.id) || !UUID.test(b.id)) return undefined;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  }
}

function deepFreeze(v: unknown): void {
  if (typeof v !== "object" || v === null || Object.isFrozen(v) || v instanceof Date) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
