/**
 * Builds the static mirror's search index (layout in `search-shards.ts`) from the public
 * projection, for the pages the export actually wrote: a record whose page was not exported (an
 * article scheduled for later, a type without pages) is not in the index, so a search can find
 * nothing that the mirror does not show.
 */
import { publicView, type Db } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";
import { typeName } from "../i18n/properties.ts";
import { loadNames } from "../model/names.ts";
import { entityPath } from "../paths.ts";
import { findPublicSearchTerms } from "../public.repository.ts";
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
// How many entities one names query loads (a bound on the query's parameters).
const NAMES_BATCH = 2000;
// A byte-order mark makes browsers read the file as UTF-8 whatever charset the host announces.
const BOM = "\uFEFF";

/**
 * The index files (path relative to the mirror's root → text) of the given records, numbered in
 * the order given. Term shards hold [term, record numbers] pairs rather than an object, so that no
 * term (`__proto__`, `constructor`) is ever a property name in the browser.
 */
export function buildIndexFiles(records: readonly IndexedRecord[]): Map<string, string> {
  const shards = new Map<string, Map<string, number[]>>();
  records.forEach((r, n) => {
    for (const term of new Set(r.terms)) {
      const key = shardKey(term);
      let shard = shards.get(key);
      if (!shard) shards.set(key, (shard = new Map<string, number[]>()));
      let docs = shard.get(term);
      if (!docs) shard.set(term, (docs = []));
      docs.push(n);
    }
  });
  const files = new Map<string, string>();
  for (const [key, shard] of shards) {
    const pairs = [...shard].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    files.set(termFile(key), `${BOM}${INDEX_GLOBAL}.t(${JSON.stringify(key)},${JSON.stringify(pairs)});\n`);
  }
  for (const lang of LANGS) {
    for (let start = 0, chunk = 0; start < records.length; start += DOCS_PER_CHUNK, chunk++) {
      const docs = records.slice(start, start + DOCS_PER_CHUNK).map((r) => {
        const p = r.pages[lang];
        return p ? [p.file, p.title, p.type] : null;
      });
      files.set(docFile(lang, chunk), `${BOM}${INDEX_GLOBAL}.d(${JSON.stringify(lang)},${chunk},${JSON.stringify(docs)});\n`);
    }
  }
  return files;
}

/**
 * The searchable public records whose page the export wrote, by label.
 * @param exported the site paths the export wrote as pages
 * @param fileOf the exported file of a site path, percent-encoded as links to it are
 */
export async function loadIndexedRecords(db: Db, exported: ReadonlySet<string>, fileOf: (sitePath: string) => string): Promise<IndexedRecord[]> {
  const pdb = publicView(db);
  const rows = await findPublicSearchTerms(pdb);
  const reader = publicReader(pdb);
  const out: IndexedRecord[] = [];
  for (let i = 0; i < rows.length; i += NAMES_BATCH) {
    const batch = rows.slice(i, i + NAMES_BATCH);
    const names = await loadNames(reader, batch.map((r) => r.id));
    for (const r of batch) {
      const pages: IndexedRecord["pages"] = {};
      for (const lang of LANGS) {
        const path = entityPath(lang, r.type, r.slug);
        if (path && exported.has(path)) pages[lang] = { file: fileOf(path), title: names.name(r.id, lang) || r.label, type: typeName(lang, r.type) };
      }
      if (pages.fa || pages.en) out.push({ terms: r.terms, pages });
    }
  }
  return out;
}
