/**
 * `sabt export-site DIR`: the whole public site as static files that can be mirrored anywhere
 * (a web server, a USB stick, an archive). Pages become `…/index.html`; links between them are
 * rewritten to relative links that name the file, so the copy works under any base path and from
 * the file system. Canonical, Open Graph and feed URLs stay absolute on the configured base URL.
 */
import fs from "node:fs";
import path from "node:path";
import { crawl, type Crawled, type Fetcher } from "./crawl.ts";

/** What an export wrote. */
export interface ExportReport {
  files: number;
  bytes: number;
  ms: number;
  /** Internal links that did not resolve (should be empty). */
  missing: string[];
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
export function relativizeHtml(html: string, ownFile: string): string {
  const depth = ownFile.split("/").length - 1;
  const up = depth === 0 ? "./" : "../".repeat(depth);
  return html.replace(/\b(href|src|action)="\/(?!\/)([^"#?]*)((?:\?[^"#]*)?)((?:#[^"]*)?)"/g, (_m, attr: string, rest: string, _q: string, hash: string) => {
    const target = fileFor(`/${rest}`);
    // Percent-encode each segment again: the file names on disk are decoded.
    const encoded = target.split("/").map(encodeURIComponent).join("/");
    return `${attr}="${up}${encoded}${hash}"`;
  });
}

/**
 * Crawls the public site through the app (anonymously) and writes every reachable resource to `dir`.
 * @param app the Sabt app (only public routes are followed)
 * @param dir an empty or new directory
 * @param base the public base URL (`config.publicUrl`)
 * @example await exportSite(app, "./mirror", config.publicUrl)
 */
export async function exportSite(
  app: Fetcher,
  dir: string,
  base: string,
  opts: { onProgress?: (files: number) => void; shareImages?: boolean } = {},
): Promise<ExportReport> {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  let files = 0;
  let bytes = 0;
  const missing: string[] = [];
  const write = (r: Crawled) => {
    if (r.status === 301 || r.status === 302) return; // the target is crawled itself
    if (r.status !== 200) {
      missing.push(r.path);
      return;
    }
    const rel = fileFor(r.path);
    const target = path.join(dir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const body = r.type.includes("text/html") ? Buffer.from(relativizeHtml(new TextDecoder().decode(r.body), rel)) : r.body;
    fs.writeFileSync(target, body);
    files++;
    bytes += body.length;
    if (files % 200 === 0) opts.onProgress?.(files);
  };
  await crawl(app, base, write, {
    skip: (p) => p.startsWith("/api/") || p.startsWith("/preview/") || p.includes("?") || (opts.shareImages === false && p.startsWith("/share/")),
  });
  return { files, bytes, ms: Date.now() - started, missing };
}
