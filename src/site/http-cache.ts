/**
 * Response caching for the public site: rendered bytes are kept for a few seconds (so a warm page
 * costs no database work), sent with a weak ETag (304 on If-None-Match), Cache-Control, and
 * brotli or gzip when the client accepts it. Only public pages go through here: they are the same
 * for every visitor, because they are built from the public projection alone.
 */
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import { etagMatches } from "../http/index.ts";

/** A representation produced by a route. */
export interface Produced {
  status: 200 | 404;
  type: string;
  body: string | Uint8Array;
  cacheControl: string;
}

interface Entry {
  status: 200 | 404;
  type: string;
  cacheControl: string;
  body: Uint8Array;
  etag: string;
  at: number;
  br?: Uint8Array;
  gzip?: Uint8Array;
}

/** Cache-Control of HTML pages, feeds and sitemaps: short, so corrections and retractions spread fast. */
export const PAGE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=60";
/** Cache-Control of content-hashed assets. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** Cache-Control of anything a signed-in person sees. */
export const PRIVATE_CACHE_CONTROL = "private, no-store";

const COMPRESSIBLE = /^(text\/|application\/(xml|json|rss\+xml|atom\+xml|ld\+json)|image\/svg\+xml)/;

/** A small in-memory cache of rendered responses, bounded in entries and age. */
export class ResponseCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 2000,
  ) {}

  /** Forgets everything (after an edit, or in tests). */
  clear(): void {
    this.#entries.clear();
  }

  /** The cached response for `key`, produced anew when missing or stale; undefined when `produce` gives nothing. */
  async respond(req: Request, key: string, produce: () => Promise<Produced | undefined>): Promise<Response | undefined> {
    const now = Date.now();
    let e = this.#entries.get(key);
    if (!e || now - e.at > this.ttlMs) {
      const p = await produce();
      if (!p) return undefined;
      e = toEntry(p, now);
      if (this.ttlMs > 0 && p.status === 200) {
        if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
        this.#entries.set(key, e);
      }
    }
    return send(req, e);
  }
}

function toEntry(p: Produced, at: number): Entry {
  const body = typeof p.body === "string" ? new TextEncoder().encode(p.body) : p.body;
  const etag = `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return { status: p.status, type: p.type, cacheControl: p.cacheControl, body, etag, at };
}

/** Sends a produced representation directly (no caching), with the same headers and negotiation. */
export function sendOnce(req: Request, p: Produced): Response {
  return send(req, toEntry(p, Date.now()));
}

function send(req: Request, e: Entry): Response {
  const headers = new Headers({ "Content-Type": e.type, "Cache-Control": e.cacheControl, ETag: e.etag, Vary: "Accept-Encoding" });
  const inm = req.headers.get("If-None-Match");
  if (e.status === 200 && inm && etagMatches(inm, e.etag)) return new Response(null, { status: 304, headers });
  let body = e.body;
  if (COMPRESSIBLE.test(e.type) && e.body.length > 512) {
    const accept = req.headers.get("Accept-Encoding") ?? "";
    if (/\bbr\b/.test(accept)) {
      e.br ??= zlib.brotliCompressSync(e.body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: e.body.length },
      });
      body = e.br;
      headers.set("Content-Encoding", "br");
    } else if (/\bgzip\b/.test(accept)) {
      e.gzip ??= zlib.gzipSync(e.body, { level: 6 });
      body = e.gzip;
      headers.set("Content-Encoding", "gzip");
    }
  }
  headers.set("Content-Length", String(body.length));
  return new Response(req.method === "HEAD" ? null : (body as Uint8Array<ArrayBuffer>), { status: e.status, headers });
}
