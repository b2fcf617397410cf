/**
 * The HTTP server: Node's `http` with a small front cache for anonymous reads. Public pages are
 * the same for every visitor (they are built from the public projection alone) and are already
 * marked `Cache-Control: public` by the site; the front cache keeps the final bytes and headers of
 * such responses for a few seconds, so a warm page is answered without building a `Request`, running
 * middleware or routing. That is what keeps the site responsive when many people read one article
 * over slow links at once. Anything with a cookie or an `Authorization` header, any other method,
 * and any response not marked public goes through Hono as usual.
 */
import http from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { ChangeFeed } from "../shared/changes.ts";
import { Logger } from "../shared/logger.ts";
import { errorBody } from "../http/index.ts";
import { etagMatches } from "../http/index.ts";

/** The part of a Hono app the server needs. */
export interface Fetcher {
  fetch(req: Request, env?: unknown): Response | Promise<Response>;
}

/** Options of the front cache. */
export interface FrontCacheOptions {
  /** How long a public response is reused (ms); 0 turns the front cache off. */
  ttlMs: number;
  /** Most entries kept; the oldest is dropped first. */
  maxEntries: number;
  /** Larger bodies are never kept. */
  maxBodyBytes: number;
}

const DEFAULTS: FrontCacheOptions = { ttlMs: 2000, maxEntries: 1000, maxBodyBytes: 1 << 20 };

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  etag: string;
  expires: number;
}

type Encoding = "br" | "gzip" | "identity";

/** Which representation the client gets: the site negotiates only br, gzip or none. */
function encodingOf(accept: string | undefined): Encoding {
  if (!accept) return "identity";
  if (/\bbr\b/.test(accept)) return "br";
  if (/\bgzip\b/.test(accept)) return "gzip";
  return "identity";
}

/**
 * Whether a response may be reused for every anonymous visitor: explicitly public, validated
 * by an ETag, varying on nothing but the encoding, and setting no cookie.
 */
export function isShareable(res: Response): boolean {
  if (res.status !== 200) return false;
  const cc = res.headers.get("Cache-Control") ?? "";
  if (!/\bpublic\b/.test(cc) || /\b(no-store|private|no-cache)\b/.test(cc)) return false;
  if (!res.headers.get("ETag") || res.headers.has("Set-Cookie")) return false;
  const vary = (res.headers.get("Vary") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  return vary.every((v) => v === "accept-encoding");
}

/** The front cache: final bytes and headers of shareable anonymous responses, per URL and encoding. */
export class FrontCache {
  readonly #entries = new Map<string, Entry>();
  readonly options: FrontCacheOptions;

  constructor(options: Partial<FrontCacheOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The live entry for a key, dropping it when it has expired. */
  get(key: string, now = Date.now()): Entry | undefined {
    const e = this.#entries.get(key);
    if (e && e.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Keeps a response's bytes and headers when it is shareable and small enough. */
  put(key: string, res: Response, body: Buffer, now = Date.now()): void {
    if (this.options.ttlMs <= 0 || body.length > this.options.maxBodyBytes || !isShareable(res)) return;
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    headers["content-length"] = String(body.length);
    if (this.#entries.size >= this.options.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { status: res.status, headers, body, etag: res.headers.get("ETag")!, expires: now + this.options.ttlMs });
  }

  /** Drops every entry (public data changed). */
  clear(): void {
    this.#entries.clear();
  }

  /** Number of live and expired entries held (for tests and diagnostics). */
  get size(): number {
    return this.#entries.size;
  }
}

/** Whether a request is an anonymous read that the front cache may answer or learn from. */
function isAnonymousRead(req: http.IncomingMessage): boolean {
  return (req.method === "GET" || req.method === "HEAD") && req.headers.cookie === undefined && req.headers.authorization === undefined;
}

/**
 * A Node request listener for a Hono app with the front cache in front of it. Misses of
 * anonymous reads are answered by the app and, when shareable, remembered.
 */
export function frontCachedListener(app: Fetcher, cache: FrontCache): http.RequestListener {
  const slow = getRequestListener((req, env) => app.fetch(req, env));
  return (req, res) => {
    if (cache.options.ttlMs <= 0 || !isAnonymousRead(req)) {
      void slow(req, res);
      return;
    }
    const key = `${encodingOf(req.headers["accept-encoding"])} ${req.url ?? "/"}`;
    const hit = cache.get(key);
    if (hit) {
      const inm = req.headers["if-none-match"];
      if (inm && etagMatches(inm, hit.etag)) {
        const { "content-length": _omit, ...rest } = hit.headers;
        res.writeHead(304, rest).end();
      } else {
        res.writeHead(hit.status, hit.headers).end(req.method === "HEAD" ? undefined : hit.body);
      }
      return;
    }
    if (req.method === "HEAD") {
      void slow(req, res);
      return;
    }
    void learn(app, cache, key, req, res);
  };
}

/** Answers an anonymous GET through the app and keeps the response when it may be shared. */
async function learn(app: Fetcher, cache: FrontCache, key: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k.startsWith(":")) continue;
      headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    }
    // Conditional requests are answered from the full response, so that the cache learns the
    // body; the 304 is then decided here exactly as for a hit.
    const inm = headers.get("if-none-match");
    headers.delete("if-none-match");
    const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
    const response = await app.fetch(new Request(url, { method: "GET", headers }), { incoming: req, outgoing: res });
    const body = Buffer.from(await response.arrayBuffer());
    cache.put(key, response, body);
    const out: Record<string, string | string[]> = {};
    response.headers.forEach((v, k) => {
      if (k !== "set-cookie") out[k] = v;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) out["set-cookie"] = cookies;
    const etag = response.headers.get("ETag");
    if (response.status === 200 && inm && etag && etagMatches(inm, etag)) {
      delete out["content-length"];
      res.writeHead(304, out).end();
      return;
    }
    out["content-length"] = String(body.length);
    res.writeHead(response.status, out).end(body);
  } catch (e) {
    Logger.error("http", "request failed", { error: (e as Error).message });
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(errorBody("internal", "Internal error")));
  }
}

/** Options of `startHttpServer`. */
export interface ServerOptions {
  port: number;
  hostname: string;
  frontCache?: Partial<FrontCacheOptions>;
  /** When public data changes, the front cache is dropped at once rather than left to expire. */
  changes?: ChangeFeed;
}

/** Starts the HTTP server for an app and resolves once it listens (rejects on EADDRINUSE and the like). */
export async function startHttpServer(app: Fetcher, opts: ServerOptions): Promise<http.Server> {
  const cache = new FrontCache(opts.frontCache);
  const stopListening = opts.changes?.subscribe(() => cache.clear());
  const server = http.createServer(frontCachedListener(app, cache));
  server.once("close", () => stopListening?.());
  // Slow clients (the site's readers include people on throttled, censored links) must not hold
  // sockets forever, nor be cut off while a page is still trickling out.
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

