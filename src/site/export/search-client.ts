/**
 * The static mirror's search, in the browser (bundled by `search-script.ts`, loaded only by the
 * mirror's search pages from `search-index/search.js`). It reads `?q=` (the search form submits
 * to its own page), normalizes the query as the live search does, loads only the index shards its
 * terms need and the records of its hits, each as a `<script src>` (a page opened from a folder
 * cannot fetch() its own files), and lists the hits with links into the mirror. No inline script,
 * no request outside the mirror, and no user text ever goes through innerHTML.
 */
import {
  DOCS_PER_CHUNK,
  INDEX_GLOBAL,
  docFile,
  matchQuery,
  queryAlternatives,
  shardsOf,
  termFile,
  type Shard,
} from "./search-shards.ts";

type Doc = readonly [file: string, title: string, type: string] | null;

/** What the index files call when they load. */
interface Registry {
  t(key: string, pairs: [string, number[]][]): void;
  d(lang: string, chunk: number, docs: Doc[]): void;
}

const shards = new Map<string, Shard>();
const docs = new Map<string, readonly Doc[]>();
const loads = new Map<string, Promise<void>>();

// Captured now: currentScript is only set while this script first runs.
const self = document.currentScript as HTMLScriptElement | null;

const registry: Registry = {
  t: (key, pairs) => void shards.set(key, new Map(pairs)),
  d: (lang, chunk, list) => void docs.set(`${lang}/${chunk}`, list),
};
(window as unknown as Record<string, Registry>)[INDEX_GLOBAL] = registry;

/** Loads an index file once; a shard that does not exist (no term starts so) simply adds nothing. */
function load(root: URL, rel: string): Promise<void> {
  let p = loads.get(rel);
  if (!p) {
    p = new Promise<void>((resolve) => {
      const s = document.createElement("script");
      s.src = new URL(rel, root).href;
      s.onload = () => resolve();
      s.onerror = () => resolve();
      document.head.appendChild(s);
    });
    loads.set(rel, p);
  }
  return p;
}

/** The hits of a query in a language: [link, title, type], best first. */
async function find(root: URL, lang: string, q: string): Promise<[string, string, string][]> {
  const alternatives = queryAlternatives(q);
  if (alternatives.length === 0) return [];
  await Promise.all(shardsOf(alternatives).map((k) => load(root, termFile(k))));
  const matches = matchQuery(alternatives, shards);
  const chunks = [...new Set(matches.map((m) => Math.floor(m.doc / DOCS_PER_CHUNK)))];
  await Promise.all(chunks.map((c) => load(root, docFile(lang, c))));
  const out: [string, string, string][] = [];
  for (const m of matches) {
    const doc = docs.get(`${lang}/${Math.floor(m.doc / DOCS_PER_CHUNK)}`)?.[m.doc % DOCS_PER_CHUNK];
    if (doc) out.push([new URL(doc[0], root).href, doc[1], doc[2]]);
  }
  return out;
}

/** Shows the hits in the page's result list, built node by node. */
function render(list: HTMLElement, hits: readonly [string, string, string][]): void {
  list.replaceChildren(
    ...hits.map(([href, title, type]) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = href;
      a.textContent = title;
      const small = document.createElement("small");
      small.className = "meta";
      small.textContent = `(${type})`;
      li.append(a, " ", small);
      return li;
    }),
  );
}

/** Runs the search of the page's `?q=` once the page is there. */
function start(script: HTMLScriptElement): void {
  // The script lives in search-index/ at the mirror's root; every index file and page is relative to that.
  const root = new URL("../", script.src);
  const lang = script.dataset.lang ?? "en";
  const form = document.querySelector<HTMLFormElement>("form.search");
  const input = form?.querySelector<HTMLInputElement>("input[name=q]");
  const list = document.querySelector<HTMLElement>("main ul.cards");
  if (!form || !input || !list) return;
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.id = "search-status";
  form.after(status);
  const q = (new URLSearchParams(window.location.search).get("q") ?? "").trim();
  if (!q) return;
  input.value = q;
  status.textContent = script.dataset.searching ?? "";
  find(root, lang, q).then(
    (hits) => {
      render(list, hits);
      status.textContent = hits.length === 0 ? (script.dataset.noResults ?? "") : "";
    },
    () => {
      status.textContent = script.dataset.failed ?? "";
    },
  );
}

if (self) start(self);
