/**
 * `sabt export-site DIR`: the whole public site as static files that can be mirrored anywhere
 * (a web server, a USB stick, an archive). Pages become `…/index.html`; links between them are
 * rewritten to relative links that name the file, so the copy works under any base path and from
 * the file system. Canonical, Open Graph and feed URLs stay absolute on the configured base URL.
 * Given the database, it also writes the offline search index (`search-index.ts`) and makes the
 * two search pages load the mirror's search script, so that a mirror is searchable with no server.
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/index.ts";
import { t } from "../i18n/strings.ts";
import { crawl, type Crawled, type Fetcher } from "./crawl.ts";
import { buildIndexFiles, loadIndexedRecords, type IndexReport } from "./search-index.ts";
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
    const target = fileFor(`/${rest}`);
    // Percent-encode each segment again: the file names on disk are decoded.
    const encoded = target.split("/").map(encodeURIComponent).join("/");
    return `${attr}="${up}${encoded}${hash}"`;
  });
}

/** The public form and its status page, which a static copy must never carry. */
function isSubmitPath(p: string): boolean {
  return /^\/(fa|en)\/submit(\/|$)/.test(p);
}

/** The link to a site path's exported file from the export root, each segment percent-encoded. */
export function linkFor(sitePath: string): string {
  return fileFor(sitePath).split("/").map(encodeURIComponent).join("/");
}

/**
 * Crawls the public site through the app (anonymously) and writes every reachable resource to `dir`.
 * With `db`, also writes the offline search index of the pages written (public data only) and the
 * script that makes the mirror's search pages work.
 * @param app the Sabt app (only public routes are followed)
 * @param dir an empty or new directory
 * @param base the public base URL (`config.publicUrl`)
 * @example await exportSite(app, "./mirror", config.publicUrl, { db })
 */
export async function exportSite(
  app: Fetcher,
  dir: string,
  base: string,
  opts: { onProgress?: (files: number) => void; shareImages?: boolean; db?: Db } = {},
): Promise<ExportReport> {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  let files = 0;
  let bytes = 0;
  const missing: string[] = [];
  const pages = new Set<string>();
  const put = (rel: string, body: string | Uint8Array) => {
    const target = path.join(dir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, body);
    files++;
    bytes += typeof body === "string" ? Buffer.byteLength(body) : body.length;
  };
  const write = (r: Crawled) => {
    if (r.status === 301 || r.status === 302) return; // the target is crawled itself
    if (r.status !== 200) {
      missing.push(r.path);
      return;
    }
    const rel = fileFor(r.path);
    const html = r.type.includes("text/html");
    if (html) pages.add(r.path);
    put(rel, html ? relativizeHtml(new TextDecoder().decode(r.body), rel, base) : r.body);
    if (files % 200 === 0) opts.onProgress?.(files);
  };
  await crawl(app, base, write, {
    skip: (p) =>
      p.startsWith("/api/") || p.startsWith("/preview/") || p.includes("?") || isSubmitPath(p) || (opts.shareImages === false && p.startsWith("/share/")),
  });
  let search: IndexReport | undefined;
  if (opts.db) {
    const before = { files, bytes };
    const records = await loadIndexedRecords(opts.db, pages, linkFor);
    const index = buildIndexFiles(records);
    for (const [rel, text] of index) put(rel, text);
    put(`${INDEX_DIR}/search.js`, await mirrorSearchScript());
    for (const lang of ["fa", "en"] as const) {
      const rel = fileFor(`/${lang}/search`);
      if (fs.existsSync(path.join(dir, rel))) fs.writeFileSync(path.join(dir, rel), withSearchScript(fs.readFileSync(path.join(dir, rel), "utf8"), rel, lang));
    }
    const terms = records.reduce((n, r) => n + r.terms.length, 0);
    search = { records: records.length, terms, files: files - before.files, bytes: bytes - before.bytes };
  }
  return { files, bytes, ms: Date.now() - started, missing, search };
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
