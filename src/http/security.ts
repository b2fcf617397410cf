import type { Context, MiddlewareHandler } from "hono";
import { checkCsrfToken } from "../auth/index.ts";
import { csrfKeyCookie, isSecureRequest } from "../auth/index.ts";
import { SabtError } from "../shared/errors.ts";
import type { Viewer } from "../shared/viewer.ts";
import type { AppEnv } from "./env.ts";

/**
 * The Content-Security-Policy of every page: nothing from other origins, no inline script or style.
 * `worker-src 'self'` is for the evidence viewer: pdf.js parses PDFs in a module worker loaded from
 * Sabt's own address (same origin, so no `blob:` is needed, and pdf.js runs with eval off).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Security headers on every response (ASVS 5.0 V3.4). The CSP allows nothing from other
 * origins: Sabt serves every script, style, font and image itself, and pages must make no
 * third-party request. Responses for signed-in people are never stored by caches (V14.3.2).
 */
export function securityHeaders(publicUrl?: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    if (!h.has("Content-Security-Policy")) h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()");
    h.set("X-DNS-Prefetch-Control", "off");
    // Behind a TLS-terminating proxy the request reaches Sabt over http: the public URL decides.
    if (isSecureRequest(c, publicUrl)) h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    // Unset when the request failed before the viewer was known.
    const viewer = c.get("viewer") as Viewer | undefined;
    // A versioned library file (the pdf.js build under /team/assets/pdfjs/<version>/) holds nothing
    // personal and never changes at its address: it keeps the year of caching its route set.
    const immutableAsset = c.res.ok && (h.get("Cache-Control") ?? "").includes("immutable");
    if (!immutableAsset && ((viewer && viewer.kind !== "anonymous") || c.req.path.startsWith("/team"))) {
      h.set("Cache-Control", "no-store");
      h.set("Vary", "Cookie, Authorization");
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that a browser says comes from another site (ASVS 5.0
 * V3.5.2): `Sec-Fetch-Site` other than same-origin or user-initiated, or an `Origin` that is not
 * this server's. With `Referrer-Policy: no-referrer` browsers send `Origin: null` even for
 * same-origin form posts, so `null` is accepted only beside `Sec-Fetch-Site: same-origin`.
 * Requests with neither header are not from a browser page and go on to the token check.
 */
export function isCrossOrigin(c: Context, publicUrl: string): boolean {
  if (SAFE_METHODS.has(c.req.method)) return false;
  const site = c.req.header("Sec-Fetch-Site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = c.req.header("Origin");
  if (origin === undefined || (origin === "null" && site)) return false;
  const own = new Set([new URL(c.req.url).origin, new URL(publicUrl).origin]);
  return !own.has(origin);
}

/**
 * Anti-CSRF protection for server-rendered forms: same-origin checks plus a synchronizer token
 * (form field `_csrf` or header `X-CSRF-Token`) bound to the session or pre-session cookie
 * (ASVS 5.0 V3.5.1). Mount it on every path with forms; the JSON API needs none (no cookies).
 */
export function csrfProtection(publicUrl: string): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (isCrossOrigin(c, publicUrl)) throw new SabtError("forbidden", "Cross-site request refused");
    const key = csrfKeyCookie(c, isSecureRequest(c, publicUrl));
    let submitted = c.req.header("X-CSRF-Token");
    if (!submitted) {
      const type = c.req.header("Content-Type") ?? "";
      if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
        const body = await c.req.parseBody();
        const v = body._csrf;
        submitted = typeof v === "string" ? v : undefined;
      }
    }
    if (!key || !checkCsrfToken(key, submitted)) {
      throw new SabtError("forbidden", "The form has expired or did not come from this site. Reload the page and try again.");
    }
    return next();
  };
}
