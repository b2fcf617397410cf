/**
 * `sabt export-site DIR`: the whole public site as static files that can be mirrored anywhere
 * (a web server, a USB stick, an archive). Pages become `…/index.html`; links between them are
 * rewritten to relative links that name the file, so the copy works under any base path and from
 * the file system. Canonical, Open Graph and feed URLs stay absolute on the configured base URL.
 * Given the database, it also writes the offline search index (`search-index.ts`) and makes the
 * two search pages load the mirror's search script, so that a mirror is searchable with no server.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { publicView, refreshStalePublicStatistics, type Db } from "../../db/index.ts";
import { HeapBudget } from "../../shared/heap-budget.ts";
import { t } from "../i18n/strings.ts";
import { SharePngPool, type PngPoolStats } from "../share/png-pool.ts";
import { countPublicEntitiesByType, findPublicDigests } from "../public.repository.ts";
import { crawl, CRAWL_SEEDS, type Crawled, type Fetcher } from "./crawl.ts";
import { ExportGraph, touchedKeys, type Digests } from "./export-graph.ts";
import { checkExportDir, ExportTarget, exportRunOf, PatchTarget, recoverExportDir, type ExportChanges, type ExportWriter } from "./export-target.ts";
import type { DependencyRecorder, PageDeps } from "./page-deps.ts";
import { ShareImageDrawer } from "./share-images.ts";
import { IndexBuilder, indexedRecords, type IndexReport } from "./search-index.ts";
import { mirrorSearchScript } from "./search-script.ts";
import { INDEX_DIR } from "./search-shards.ts";

/** What an export wrote. */
export interface ExportReport {
  files: number;
  bytes: number;
  ms: number;
  /** Internal links that did not resolve (should be empty). */
  missing: string[];
  /** The offline search index, when the export wrote one. */
  search?: IndexReport | undefined;
  /** Share images taken from the cache and drawn. */
  images: PngPoolStats;
  /** Files new or different from the previous export's, and files it no longer has. */
  changes: ExportChanges;
  /** An incremental run: the resources it fetched, of those the export holds. */
  incremental?: { pages: number; of: number } | undefined;
}

/** The phases an export reports progress in. */
export type ExportPhase = "pages" | "images" | "search index";

/** What `exportSite` may be given besides the app and the directory. */
export interface ExportOptions {
  /** Called every few hundred files of a phase, and once at its end. */
  onProgress?: (phase: ExportPhase, done: number, total?: number) => void;
  /** False: no PNG share images (pages still name them). */
  shareImages?: boolean;
  /** The database, for the offline search index. */
  db?: Db;
  /** Stops the export between pages and images; the export directory is left as it was. */
  signal?: AbortSignal;
  /** Where drawn share images are kept by content, so that the next export draws only changed cards. */
  imageCacheDir?: string;
  /** Threads drawing share images (default: the cores). */
  imageThreads?: number;
  /** The site's read-ahead (`exportSiteRoutes`): told each batch of pages before it is fetched. */
  readAhead?: ReadAhead;
  /** Records what each page read and, over a previous export so recorded, renders only what changed (needs `db`). */
  incremental?: IncrementalOptions;
}

// The heap the export collects its garbage at (`HeapBudget`). The bound is 1 GB for the whole
// process at 100,000 people; the embedded database's memory (about 250 MB there) and native
// buffers come on top of the heap.
const EXPORT_HEAP_BYTES = 448 * 1024 * 1024;

/** What reads ahead for the crawl: told the next pages, and released when every page is written. */
export interface ReadAhead {
  next(paths: readonly string[]): Promise<void>;
  /** Drops what was read ahead (before the search index, which reads every record once more). */
  release(): void;
}

/** The file a site path is stored in, relative to the export root. */
export function fileFor(sitePath: string): string {
  const p = decodeURIComponent(sitePath.split("?")[0]!);
  const segments = p.split("/").filter(Boolean);
  for (const s of segments) {
    // Slugs never contain these; refuse rather than write outside the export directory.
    if (s === "." || s === ".." || s.includes("\\") || s.includes("\0")) throw new Error(`refusing to export path ${sitePath}`);
  }
  const last = segments[segments.length - 1] ?? "";
  if (p.endsWith("/") || !/\.[a-z0-9]{2,5}$/i.test(last)) segments.push("index.html");
  return segments.join("/");
}

/** Rewrites root-relative links in an exported HTML page to links relative to its own file. */
export function relativizeHtml(html: string, ownFile: string, base?: string): string {
  const depth = ownFile.split("/").length - 1;
  const up = depth === 0 ? "./" : "../".repeat(depth);
  return html.replace(/\b(href|src|action)="\/(?!\/)([^"#?]*)((?:\?[^"#]*)?)((?:#[^"]*)?)"/g, (m, attr: string, rest: string, query: string, hash: string) => {
    // The public form is never copied (a mirror's host would receive what families send): its
    // links lead to the live site.
    if (isSubmitPath(`/${rest}`)) return base ? `${attr}="${base.replace(/\/$/, "")}/${rest}${query}${hash}"` : m;
    return `${attr}="${up}${knownLinkFor(rest)}${hash}"`;
  });
}

// Links from the export root by the root-relative path they stand for (without its slash). A page
// links to many of the paths the pages before it did (menus, lists, the people of a place), and
// working each out again took about 0.4 s of the demo's 15 s export. Bounded: at 100,000 people
// most paths are linked from a few pages only.
const knownLinks = new Map<string, string>();
const KNOWN_LINKS_MAX = 20_000;

function knownLinkFor(rest: string): string {
  let link = knownLinks.get(rest);
  if (link === undefined) {
    // Percent-encoded segment by segment again: the file names on disk are decoded.
    link = linkFor(`/${rest}`);
    if (knownLinks.size >= KNOWN_LINKS_MAX) knownLinks.clear();
    // The key is a slice of the page's text: a copy of its own, or the page would be kept with it.
    knownLinks.set(Buffer.from(rest, "utf8").toString("utf8"), link);
  }
  return link;
}

/** The public form and its status page, which a static copy must never carry. */
function isSubmitPath(p: string): boolean {
  return /^\/(fa|en)\/submit(\/|$)/.test(p);
}

/** The link to a site path's exported file from the export root, each segment percent-encoded. */
export function linkFor(sitePath: string): string {
  return fileFor(sitePath).split("/").map(encodeURIComponent).join("/");
}

/** What the incremental export needs: the export site's tracking (`exportSiteRoutes`) and where its record is kept. */
export interface IncrementalOptions {
  recorder: DependencyRecorder;
  /** The day the site reads the projection as of. */
  today: string;
  /** The record of the previous export into the same directory (in the data directory, never in the mirror). */
  stateFile: string;
  /** Renders everything (and records it), whatever the previous export recorded. */
  full?: boolean;
  /** Past this many public records, nothing is recorded and every export is full (default `TRACK_MAX_ENTITIES`). */
  maxRecords?: number;
}

/**
 * Crawls the public site through the app (anonymously) and writes every reachable resource to `dir`,
 * through a staging directory swapped in only when complete (`export-target.ts`): `dir` is new,
 * empty or a previous export, whose unchanged files keep their times. Share images are drawn in
 * worker threads from their SVG source, cached by content (`share/png-pool.ts`). With `db`, also
 * writes the offline search index of the pages written (public data only) and the script that
 * makes the mirror's search pages work. With `incremental`, over the previous export it recorded,
 * renders again only what the edits since touched (`export-graph.ts`): same files, far less work.
 * @param app the Sabt app (only public routes are followed)
 * @param dir a new or empty directory, or a previous export
 * @param base the public base URL (`config.publicUrl`)
 * @throws the signal's reason when aborted (the staging directory removed, `dir` untouched)
 * @example await exportSite(app, "./mirror", config.publicUrl, { db })
 */
export async function exportSite(app: Fetcher, dir: string, base: string, opts: ExportOptions = {}): Promise<ExportReport> {
  const started = Date.now();
  const tracking = opts.incremental && opts.db ? await startTracking(opts.incremental, opts.db, dir, base, opts) : undefined;
  if (opts.incremental && !tracking) fs.rmSync(opts.incremental.stateFile, { force: true });
  const patch = tracking?.previous ? PatchTarget.open(dir) : undefined;
  const full = patch ? undefined : ExportTarget.open(dir);
  const target: ExportWriter = patch ?? full!;
  const pool = opts.shareImages === false ? undefined : new SharePngPool({ threads: opts.imageThreads, cacheDir: opts.imageCacheDir });
  const stop = () => void pool?.close(abortReason(opts.signal));
  opts.signal?.addEventListener("abort", stop, { once: true });
  const run: ExportRun = { app, target, opts, files: 0, bytes: 0, missing: [], pages: new Set(), heap: new HeapBudget(EXPORT_HEAP_BYTES), tracking };
  try {
    opts.signal?.throwIfAborted();
    // Every page reads the public views: planned on stale statistics (PGlite never analyzes by
    // itself) a single sitemap can take a minute instead of milliseconds. An incremental run
    // reads few pages, on statistics of the previous export at most a little stale.
    if (opts.db && !patch) await refreshStalePublicStatistics(opts.db);
    const drawer = pool ? imageDrawer(run, pool) : undefined;
    await crawlPages(run, base, drawer);
    await drawer?.drain();
    opts.readAhead?.release();
    if (tracking?.previous) settleGraph(run, tracking.graph);
    const search = opts.db ? await writeSearchIndex(run, opts.db) : undefined;
    opts.signal?.throwIfAborted();
    const runId = randomUUID();
    const changes = patch ? await commitPatch(run, patch, tracking!, runId) : await full!.commit(runId);
    tracking?.graph.save(tracking.options.stateFile, { renderKey: tracking.renderKey, run: runId, digests: tracking.digests });
    const images = pool?.stats ?? { cached: 0, drawn: 0 };
    const rendered = tracking?.previous ? { pages: run.fetched ?? 0, of: [...tracking.graph.nodePaths()].length } : undefined;
    return { files: run.files, bytes: run.bytes, ms: Date.now() - started, missing: run.missing, search, images, changes, incremental: rendered };
  } catch (e) {
    await target.discard();
    throw opts.signal?.aborted ? abortReason(opts.signal) : e;
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    await pool?.close();
  }
}

/** An export that records what it read; with `previous`, one that patches the previous export. */
interface Tracking {
  options: IncrementalOptions;
  graph: ExportGraph;
  renderKey: string;
  digests: Digests;
  /** The previous export's record, when this run patches it: its files and the resources to render again. */
  previous?: { files: Set<string>; dirty: Set<string> } | undefined;
  /** What each fetched path read, until its response is written. */
  deps: Map<string, PageDeps>;
}

// Past this many changed entities a full export is as quick, and refreshes the planner's statistics.
const PATCH_MAX_ENTITIES = 2000;

// Up to how many public records an export is recorded for the next: the record of every page's
// reads and links, the records' digests and their search terms take about 5 KB a record, and the
// export's memory is bounded at 1 GB at 100,000 people (measured: 20,000 people exported and
// recorded peak at 834 MB, 727 MB unrecorded); a larger collection is exported in full every time.
const TRACK_MAX_ENTITIES = 25_000;

/**
 * Reads the previous record and the projection's digests; decides between a patch and a full
 * export, recorded or not (a collection too large to record).
 */
async function startTracking(options: IncrementalOptions, db: Db, dir: string, base: string, opts: ExportOptions): Promise<Tracking | undefined> {
  const renderKey = createHash("sha256")
    .update(JSON.stringify([codeStamp(), base, options.today, opts.shareImages !== false]))
    .digest("hex");
  // Counted first: the digests of a collection too large to record are not computed at all (at
  // 100,000 people that pass alone took the export's peak from about 900 MB past 1 GB).
  const pdb = publicView(db);
  const records = [...(await countPublicEntitiesByType(pdb)).values()].reduce((a, b) => a + b, 0);
  if (records > (options.maxRecords ?? TRACK_MAX_ENTITIES)) return undefined;
  const digests = await findPublicDigests(pdb);
  const prev = options.full === true ? undefined : ExportGraph.load(options.stateFile);
  // First what a killed run left: the export then is the one its marker names.
  recoverExportDir(dir);
  const fresh: Tracking = { options, graph: new ExportGraph(), renderKey, digests, deps: new Map() };
  if (!prev || options.full === true || prev.renderKey !== renderKey || prev.run === "" || prev.run !== exportRunOf(dir) || !checkExportDir(dir)) return fresh;
  const touched = touchedKeys(prev.digests, digests, prev.graph.keys.filter((k) => k.startsWith("q:")));
  if (touched.entities > Math.max(PATCH_MAX_ENTITIES, digests.entities.length / 10)) return fresh;
  const files = new Set(filesOf(prev.graph));
  const dirty = new Set(prev.graph.affectedBy(touched.keys));
  // A file gone from the mirror (deleted by hand, lost in a copy) is rendered again: nothing else
  // would tell the record that the mirror no longer holds it. A file changed by hand is not
  // noticed (that would mean reading every file); `--full` rewrites it.
  for (const p of prev.graph.nodePaths()) if (prev.graph.statusOf(p) === 200 && !fs.existsSync(path.join(dir, fileFor(p)))) dirty.add(p);
  return { ...fresh, graph: prev.graph, previous: { files, dirty } };
}

/** The files a graph's resources are stored in, and the extra files it wrote (the search index). */
function filesOf(graph: ExportGraph): string[] {
  const out = [...graph.extraFiles];
  for (const p of graph.nodePaths()) if (graph.statusOf(p) === 200) out.push(fileFor(p));
  return out;
}

/**
 * After a patch's pages: forgets what no link reaches any more, notes every reachable resource that
 * did not answer (as a full crawl reports them), and lists the pages for the search index.
 */
function settleGraph(run: ExportRun, graph: ExportGraph): void {
  const reachable = new Set(graph.reachable(CRAWL_SEEDS));
  for (const p of [...graph.nodePaths()]) if (!reachable.has(p)) graph.drop(p);
  run.missing = [];
  run.pages.clear();
  for (const p of reachable) {
    const status = graph.statusOf(p);
    if (status !== 200 && status !== 301 && status !== 302) run.missing.push(p);
    if (graph.isPage(p)) run.pages.add(p);
  }
}

/** Moves a patch's files in and deletes the files of what is gone. */
function commitPatch(run: ExportRun, patch: PatchTarget, tracking: Tracking, runId: string): Promise<ExportChanges> {
  const now = new Set(filesOf(tracking.graph));
  const deleted = [...tracking.previous!.files].filter((f) => !now.has(f));
  return patch.commit(runId, deleted, now.size);
}

/**
 * A stamp of the code that renders the pages (the name, size and time of each file of Sabt's
 * `src` and `dist` and its `package.json`): pages rendered by other code are never kept by an
 * incremental export. Sabt's root is found upwards from this module, bundled (`dist/`) or not.
 */
function codeStamp(): string {
  let root = import.meta.dirname;
  while (!fs.existsSync(path.join(root, "package.json"))) {
    const up = path.dirname(root);
    if (up === root) throw new Error("Sabt's package.json not found above its code");
    root = up;
  }
  const h = createHash("sha256");
  const files = [path.join(root, "package.json")];
  for (const sub of ["src", "dist"]) {
    const d = path.join(root, sub);
    if (!fs.existsSync(d)) continue;
    for (const e of fs.readdirSync(d, { recursive: true, withFileTypes: true }) as fs.Dirent[]) if (e.isFile()) files.push(path.join(e.parentPath, e.name));
  }
  for (const f of files.sort()) {
    const st = fs.statSync(f);
    h.update(`${path.relative(root, f)}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return h.digest("hex");
}

/** One export in progress. */
interface ExportRun {
  app: Fetcher;
  target: ExportWriter;
  opts: ExportOptions;
  files: number;
  bytes: number;
  missing: string[];
  /** HTML pages written, by site path. */
  pages: Set<string>;
  /** Checked at every file written. */
  heap: HeapBudget;
  tracking?: Tracking | undefined;
  /** Resources fetched (pages and share images). */
  fetched?: number;
}

function abortReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  return r instanceof Error ? r : new Error("the export was interrupted");
}

function put(run: ExportRun, rel: string, body: string | Uint8Array): void {
  run.heap.check();
  run.target.write(rel, body);
  run.files++;
  run.bytes += typeof body === "string" ? Buffer.byteLength(body) : body.length;
}

const SHARE_PNG = /^\/share\/.+\.png$/;

/** The app as the export fetches it: with tracking, each request's reads are kept for its path. */
function fetcherOf(run: ExportRun): Fetcher {
  const t = run.tracking;
  if (!t) return run.app;
  return {
    request: async (p, init) => {
      run.fetched = (run.fetched ?? 0) + 1;
      const { result, deps } = await t.options.recorder.run(async () => run.app.request(p, init));
      t.deps.set(p, deps);
      return result;
    },
  };
}

/** Records a fetched resource in the graph with what it read. */
function record(run: ExportRun, sitePath: string, fetchedAs: string, status: number, html: boolean): void {
  const t = run.tracking;
  if (!t) return;
  const deps = t.deps.get(fetchedAs) ?? { keys: new Set<string>(), volatile: true };
  t.deps.delete(fetchedAs);
  t.graph.set(sitePath, status, html, deps);
}

/** The drawer of the run's share images, writing into the run; in flight: a few per thread. */
function imageDrawer(run: ExportRun, pool: SharePngPool): ShareImageDrawer {
  const limit = 4 * Math.max(1, run.opts.imageThreads ?? availableParallelism());
  const svg = (p: string) => p.replace(/\.png$/, ".svg");
  return new ShareImageDrawer(fetcherOf(run), pool, {
    write: (p, png) => {
      record(run, p, svg(p), 200, false);
      put(run, fileFor(p), png);
    },
    missing: (p) => {
      record(run, p, svg(p), 404, false);
      run.missing.push(p);
    },
    progress: (done, total) => run.opts.onProgress?.("images", done, total),
  }, limit);
}

/** Crawls and writes every page, feed and sitemap; share PNGs go to the drawer as they are found. */
async function crawlPages(run: ExportRun, base: string, drawer: ShareImageDrawer | undefined): Promise<void> {
  const { opts, tracking } = run;
  const previous = tracking?.previous;
  // Counted apart from `run.files`, which the share images drawn meanwhile also advance.
  let written = 0;
  const write = async (r: Crawled) => {
    opts.signal?.throwIfAborted();
    drawer?.check();
    const html = r.type.includes("text/html");
    record(run, r.path, r.path, r.status, html);
    if (r.status === 301 || r.status === 302) return; // the target is crawled itself
    if (r.status !== 200) {
      run.missing.push(r.path);
      return;
    }
    const rel = fileFor(r.path);
    if (html) run.pages.add(r.path);
    put(run, rel, html ? relativizeHtml(r.text ?? new TextDecoder().decode(r.body), rel, base) : r.body);
    if (++written % 200 === 0) opts.onProgress?.("pages", written);
    await run.target.room();
  };
  // A patch starts from what the edits touched; what it finds and the previous export has, untouched, it leaves.
  const neverFetched = (p: string) =>
    p.startsWith("/api/") || p.startsWith("/preview/") || p.includes("?") || isSubmitPath(p) || (opts.shareImages === false && p.startsWith("/share/"));
  const kept = (p: string) => previous !== undefined && tracking!.graph.has(p) && !previous.dirty.has(p);
  if (previous && drawer) for (const p of previous.dirty) if (SHARE_PNG.test(p)) drawer.add(p);
  await crawl(fetcherOf(run), base, write, {
    seeds: previous ? [...previous.dirty].filter((p) => !SHARE_PNG.test(p)) : undefined,
    signal: opts.signal,
    readAhead: opts.readAhead ? (paths) => opts.readAhead!.next(paths) : undefined,
    // Only links to what the export fetches: a search link per place and filter would otherwise
    // be kept as a path of its own.
    onLinks: tracking ? (p, links) => tracking.graph.setLinks(p, links.filter((l) => !neverFetched(l))) : undefined,
    skip: (p) => {
      if (kept(p)) return true;
      if (drawer && SHARE_PNG.test(p)) {
        drawer.add(p);
        return true;
      }
      return neverFetched(p);
    },
  });
  opts.onProgress?.("pages", written);
}

/** Writes the offline search index and the script, and makes both search pages load it. */
async function writeSearchIndex(run: ExportRun, db: Db): Promise<IndexReport> {
  const { opts, target } = run;
  opts.signal?.throwIfAborted();
  const before = { files: run.files, bytes: run.bytes };
  const builder = new IndexBuilder();
  const files: string[] = [];
  const write = async (rel: string, text: string) => {
    files.push(rel);
    put(run, rel, text);
    await target.room();
  };
  const t = run.tracking;
  // Kept for the next export, which reads again only the records that changed.
  const cache = t ? { previous: t.graph.searchRecords, next: new Map<string, { stamp: string; json: string }>(), digests: new Map(t.digests.entities.map((e) => [e.id, e.digest])) } : undefined;
  for await (const batch of indexedRecords(db, run.pages, linkFor, cache)) {
    opts.signal?.throwIfAborted();
    for (const r of batch) for (const [rel, text] of builder.add(r)) await write(rel, text);
  }
  for (const [rel, text] of builder.finish()) await write(rel, text);
  await write(`${INDEX_DIR}/search.js`, await mirrorSearchScript());
  if (t) {
    t.graph.extraFiles = files;
    t.graph.searchRecords = cache?.next ?? new Map<string, { stamp: string; json: string }>();
  }
  for (const lang of ["fa", "en"] as const) {
    const rel = fileFor(`/${lang}/search`);
    // Rewritten, not counted again: the page was counted when crawled.
    if (target.has(rel)) target.write(rel, withSearchScript((await target.read(rel)).toString("utf8"), rel, lang));
  }
  opts.onProgress?.("search index", run.files - before.files);
  return { records: builder.records, terms: builder.terms, files: run.files - before.files, bytes: run.bytes - before.bytes };
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An exported search page with the mirror's search script (an external file: the page keeps a
 * CSP with no inline script); the interface strings it shows travel as data attributes.
 */
export function withSearchScript(html: string, ownFile: string, lang: "fa" | "en"): string {
  const up = "../".repeat(ownFile.split("/").length - 1);
  const data = { lang, searching: t(lang, "searching"), "no-results": t(lang, "noResults"), failed: t(lang, "searchFailed") };
  const attrs = Object.entries(data)
    .map(([k, v]) => ` data-${k}="${escapeAttr(v)}"`)
    .join("");
  return html.replace("</body>", `<script src="${up}${INDEX_DIR}/search.js"${attrs}></script></body>`);
}
