/**
 * A crawler of the public site through the app itself (no network): fetches every internal URL
 * reachable from the seeds by links, sitemaps, feeds and share-image meta tags. Used by the static
 * export and by the canary test, so both see exactly what an anonymous visitor can reach.
 */

/** Anything that answers requests like a Hono app. */
export interface Fetcher {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** One fetched resource. */
export interface Crawled {
  path: string;
  status: number;
  type: string;
  body: Uint8Array;
  /** The body decoded, for the HTML, XML and text the crawl reads links in (decoded once for all readers). */
  text?: string | undefined;
  location?: string | undefined;
}

/** Where crawling starts: the landing pages, machine files and feeds of both languages. */
export const CRAWL_SEEDS: readonly string[] = [
  "/",
  "/fa/",
  "/en/",
  "/robots.txt",
  "/sitemap.xml",
  "/rss.xml",
  "/atom.xml",
  "/fa/rss.xml",
  "/en/rss.xml",
  "/fa/atom.xml",
  "/en/atom.xml",
  "/share/fa/site.png",
  "/share/en/site.png",
];

// Pages told to `readAhead` at once: enough for a few queries to serve a few hundred pages.
const READ_AHEAD = 250;

const ATTR_LINK = /\b(?:href|src|action|content)="([^"]*)"/g;
const XML_LINK = /<(?:loc|link|id)>([^<]*)<\/(?:loc|link|id)>|\bhref="([^"]*)"/g;

function unescapeAttr(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}

/** A string with storage of its own, not a slice of the text it was found in. */
function detached(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}

/** The internal path of a link (root-relative, or absolute on the base URL), without fragment; else undefined. */
export function internalPath(link: string, base: string): string | undefined {
  let u = unescapeAttr(link.trim());
  if (u.startsWith(base + "/")) u = u.slice(base.length);
  if (!u.startsWith("/") || u.startsWith("//")) return undefined;
  u = u.split("#")[0]!;
  return u || undefined;
}

/** The internal links of a response body. */
export function linksOf(body: string, type: string, base: string): string[] {
  const out: string[] = [];
  const re = type.includes("html") ? ATTR_LINK : type.includes("xml") ? XML_LINK : undefined;
  if (!re) {
    if (type.startsWith("text/plain")) for (const m of body.matchAll(/https?:\/\/\S+/g)) out.push(m[0]);
  } else {
    for (const m of body.matchAll(re)) out.push((m[1] ?? m[2] ?? "").trim());
  }
  return out.map((l) => internalPath(l, base)).filter((p): p is string => p !== undefined);
}

/**
 * Crawls from the seeds, breadth first, calling `visit` for every response; returns every path seen.
 * `skip` excludes paths (e.g. API or preview routes) from being followed.
 */
export async function crawl(
  app: Fetcher,
  base: string,
  visit: (r: Crawled) => Promise<void> | void,
  opts: {
    seeds?: readonly string[];
    skip?: (path: string) => boolean;
    /** Rewrites a found path before fetching (e.g. share PNGs to their SVG source). */
    mapPath?: (path: string) => string;
    max?: number;
    headers?: Record<string, string>;
    /** Stops the crawl before the next fetch (rejecting with the signal's reason). */
    signal?: AbortSignal | undefined;
    /** Told the next paths in the queue (a batch at a time) before they are fetched, to read ahead. */
    readAhead?: ((paths: readonly string[]) => Promise<void>) | undefined;
    /** Told each fetched resource's internal links (a redirect's target included), before they are followed. */
    onLinks?: ((path: string, links: readonly string[]) => void) | undefined;
  } = {},
): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (found: string) => {
    const mapped = opts.mapPath ? opts.mapPath(found) : found;
    if (seen.has(mapped)) return;
    // A copy of its own before anything keeps it (`skip` may: the export's share images are queued
    // by path): a link found in a page is a slice of the page's text, and a kept slice keeps the
    // whole page (16 KB a page, 700 MB at 20,000 people). Only new paths are copied: most links
    // of a page were seen before.
    const p = detached(mapped);
    if (!(opts.skip?.(p) ?? false)) {
      seen.add(p);
      queue.push(p);
    }
  };
  (opts.seeds ?? CRAWL_SEEDS).forEach(add);
  const max = opts.max ?? 200_000;
  let aheadTo = 0;
  for (let i = 0; i < queue.length && i < max; i++) {
    if (opts.readAhead && i >= aheadTo) {
      const next = queue.slice(i, Math.min(i + READ_AHEAD, max));
      await opts.readAhead(next);
      aheadTo = i + next.length;
    }
    if (opts.signal) {
      // The app answers from the embedded database without ever returning to the event loop, so a
      // signal's handler (SIGINT, SIGTERM) would wait for the whole crawl: let it run between pages.
      await new Promise((resolve) => setImmediate(resolve));
      opts.signal.throwIfAborted();
    }
    const path = queue[i]!;
    const res = await app.request(path, { headers: opts.headers ?? {} });
    const body = new Uint8Array(await res.arrayBuffer());
    const type = res.headers.get("Content-Type") ?? "";
    const location = res.headers.get("Location") ?? undefined;
    const text = res.status === 200 && /html|xml|text\/plain/.test(type) ? new TextDecoder().decode(body) : undefined;
    await visit({ path, status: res.status, type, body, text, location });
    const links: string[] = [];
    if (location) {
      const p = internalPath(location, base);
      if (p) links.push(p);
    }
    if (text !== undefined) links.push(...linksOf(text, type, base));
    opts.onLinks?.(path, links);
    links.forEach(add);
  }
  return seen;
}
