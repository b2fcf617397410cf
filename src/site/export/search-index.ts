/**
 * Builds the static mirror's search index (layout in `search-shards.ts`) from the public
 * projection, for the pages the export actually wrote: a record whose page was not exported (an
 * article scheduled for later, a type without pages) is not in the index, so a search can find
 * nothing that the mirror does not show.
 */
import { z } from "zod";
import { publicView, type Db } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { loadNames } from "../model/names.ts";
import { entityPath } from "../paths.ts";
import { findPublicEntitiesByLabel, findPublicSearchTermsOf } from "../public.repository.ts";
import { publicReader } from "../site.reader.ts";
import { DOCS_PER_CHUNK, INDEX_GLOBAL, docFile, shardKey, termFile } from "./search-shards.ts";

/** One searchable record: its terms and, per language it has a page in, where and what it is. */
export interface IndexedRecord {
  terms: readonly string[];
  pages: Partial<Record<Lang, { file: string; title: string; type: string }>>;
}

/** What the index holds, for the export's report. */
export interface IndexReport {
  records: number;
  terms: number;
  files: number;
  bytes: number;
}

const LANGS: readonly Lang[] = ["fa", "en"];
// How many entities one batch reads the terms and names of (a bound on the queries' parameters).
const NAMES_BATCH = 2000;
// A byte-order mark makes browsers read the file as UTF-8 whatever charset the host announces.
const BOM = "\uFEFF";

/**
 * Builds the index files record by record, numbering records in the order added: each record file
 * as soon as its chunk is full, the term shards at the end, so that an export of 100,000 records
 * never holds more than the shards and one chunk. Term shards hold [term, record numbers] pairs
 * rather than an object, so that no term (`__proto__`, `constructor`) is ever a property name in
 * the browser.
 */
export class IndexBuilder {
  private readonly shards = new Map<string, Map<string, number[]>>();
  private chunk: IndexedRecord["pages"][] = [];
  /** Records added. */
  records = 0;
  /** Terms of the records added (a record's repeated terms counted as given). */
  terms = 0;

  /** Adds the next record; returns the files it completed (path relative to the mirror's root → text). */
  add(r: IndexedRecord): [string, string][] {
    const n = this.records++;
    this.terms += r.terms.length;
    for (const term of new Set(r.terms)) {
      const key = shardKey(term);
      let shard = this.shards.get(key);
      if (!shard) this.shards.set(key, (shard = new Map<string, number[]>()));
      let docs = shard.get(term);
      if (!docs) shard.set(term, (docs = []));
      docs.push(n);
    }
    this.chunk.push(r.pages);
    return this.chunk.length === DOCS_PER_CHUNK ? this.flushChunk() : [];
  }

  /** The files still to write: the last record files and every term shard. */
  finish(): [string, string][] {
    const files = this.chunk.length > 0 ? this.flushChunk() : [];
    for (const [key, shard] of this.shards) {
      const pairs = [...shard].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      files.push([termFile(key), `${BOM}${INDEX_GLOBAL}.t(${JSON.stringify(key)},${JSON.stringify(pairs)});\n`]);
    }
    this.shards.clear();
    return files;
  }

  private flushChunk(): [string, string][] {
    const chunk = Math.floor((this.records - 1) / DOCS_PER_CHUNK);
    const files: [string, string][] = LANGS.map((lang) => {
      const docs = this.chunk.map((pages) => {
        const p = pages[lang];
        return p ? [p.file, p.title, p.type] : null;
      });
      return [docFile(lang, chunk), `${BOM}${INDEX_GLOBAL}.d(${JSON.stringify(lang)},${chunk},${JSON.stringify(docs)});\n`];
    });
    this.chunk = [];
    return files;
  }
}

/**
 * Records read by an earlier export, by entity id, each under a stamp of what it was read from (the
 * entity's digest and the pages it had): the incremental export reads again only the others. Each
 * is kept as its JSON text ("null" for an entity not in the index): one string, not dozens.
 */
export type RecordCache = Map<string, { stamp: string; json: string }>;

const PageSchema = z.object({ file: z.string(), title: z.string(), type: z.string() });
// A cached record comes from a file on disk: checked as it is read back.
const CachedRecordSchema = z.object({ terms: z.array(z.string()), pages: z.object({ fa: PageSchema.optional(), en: PageSchema.optional() }) }).nullable();

/** A cached record, or undefined when its text is not one (it is then read again). */
function cachedRecord(json: string): IndexedRecord | null | undefined {
  try {
    const r = CachedRecordSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The searchable public records whose page the export wrote, by label, a batch at a time.
 * @param exported the site paths the export wrote as pages
 * @param fileOf the exported file of a site path, percent-encoded as links to it are
 * @param cache with each entity's digest: records whose stamp is unchanged are taken from
 *   `previous`, and every record of this index is put in `next`
 */
export async function* indexedRecords(
  db: Db,
  exported: ReadonlySet<string>,
  fileOf: (sitePath: string) => string,
  cache?: { previous: RecordCache; next: RecordCache; digests: ReadonlyMap<string, string> },
): AsyncGenerator<IndexedRecord[]> {
  const pdb = publicView(db);
  const reader = publicReader(pdb);
  const entities = await findPublicEntitiesByLabel(pdb);
  for (let i = 0; i < entities.length; i += NAMES_BATCH) {
    // Only records with a page are read further: the others are not in the index.
    const batch = entities.slice(i, i + NAMES_BATCH).flatMap((e) => {
      const paths = LANGS.flatMap((lang) => {
        const p = entityPath(lang, e.type, e.slug);
        return p !== undefined && exported.has(p) ? [[lang, p] as const] : [];
      });
      const digest = cache?.digests.get(e.id);
      const stamp = digest === undefined ? undefined : `${digest} ${paths.map(([, p]) => p).join(" ")}`;
      const cached = stamp === undefined ? undefined : cache?.previous.get(e.id);
      const kept = cached !== undefined && cached.stamp === stamp ? cachedRecord(cached.json) : undefined;
      return paths.length > 0 ? [{ e, paths, stamp, kept }] : [];
    });
    const read = batch.filter((b) => b.kept === undefined).map((b) => b.e.id);
    const terms = await findPublicSearchTermsOf(pdb, read);
    const names = await loadNames(reader, [...terms.keys()]);
    const out: IndexedRecord[] = [];
    for (const { e, paths, stamp, kept } of batch) {
      let record: IndexedRecord | null;
      if (kept !== undefined) {
        record = kept;
      } else {
        const t = terms.get(e.id);
        const pages: IndexedRecord["pages"] = {};
        for (const [lang, path] of paths) pages[lang] = { file: fileOf(path), title: names.name(e.id, lang) || e.label, type: typeName(lang, e.type) };
        // A record no public value makes searchable is not in the index.
        record = t ? { terms: t, pages } : null;
      }
      if (cache && stamp !== undefined) cache.next.set(e.id, { stamp, json: JSON.stringify(record) });
      if (record) out.push(record);
    }
    yield out;
  }
}
