import type { Context } from "hono";
import { csrfKeyCookie, csrfTokenFor, ensurePreSession, isSecureRequest, requestSession, type SessionInfo } from "../auth/index.ts";
import { requestAddress } from "../http/index.ts";
import type { AppDeps, AppEnv } from "../http/index.ts";
import { isSabtError, SabtError } from "../shared/errors.ts";
import type { Viewer } from "../shared/viewer.ts";
import { messages } from "./i18n.ts";
import { isLang, type Lang } from "../i18n/index.ts";
import { Notice, renderPage } from "./layout.tsx";

/** The Hono context of a workspace request. */
export type Ctx = Context<AppEnv>;

/** The language of a workspace URL (`/team/fa/…` or `/team/en/…`). */
export function langOf(c: Ctx): Lang {
  const l = c.req.param("lang");
  return isLang(l) ? l : "en";
}

/** A positive page number from a list's query (`?page=`; 1 when absent or bad). */
export function pageOf(c: Ctx): number {
  const n = Number.parseInt(c.req.query("page") ?? "1", 10);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/**
 * The client's network address for throttling: the socket's peer, or the forwarded client when
 * the peer is one of the operator's trusted proxies; "unknown" in in-process tests.
 */
export function clientAddress(c: Ctx, deps: AppDeps): string {
  return requestAddress(c, deps.config.trustedProxies);
}

/** The anti-CSRF token for forms on this page (creating the pre-session cookie if needed). */
export function pageCsrf(c: Ctx, deps: AppDeps): string {
  const isSecure = isSecureRequest(c, deps.config.publicUrl);
  const key = csrfKeyCookie(c, isSecure) ?? ensurePreSession(c, isSecure);
  return csrfTokenFor(key);
}

/** True when session cookies must be Secure for this request. */
export function secure(c: Ctx, deps: AppDeps): boolean {
  return isSecureRequest(c, deps.config.publicUrl);
}

/** Renders a workspace page. */
export function page(c: Ctx, deps: AppDeps, title: string, body: unknown, status: 200 | 400 | 403 | 404 | 409 | 429 = 200) {
  return c.html(renderPage({ lang: langOf(c), title, viewer: c.get("viewer"), csrf: pageCsrf(c, deps), path: c.req.path, children: body as never }), status);
}

/** Where a session that has not finished signing in must go next. */
export function pendingStep(lang: Lang, s: SessionInfo | undefined): string | undefined {
  if (!s) return undefined;
  if (s.session.stage === "second_factor") return `/team/${lang}/sign-in/second-factor`;
  if (s.session.stage === "enroll") return `/team/${lang}/account/enroll`;
  return undefined;
}

/** Signals a redirect from deep inside a handler (caught by `guarded`). */
class Redirect extends Error {
  constructor(readonly to: string) {
    super("redirect");
  }
}

/**
 * The signed-in team member, or a redirect to the sign-in step they need (GET) or a 401 (other
 * methods). Every workspace route except sign-in calls it first: permissions are checked on the
 * server, then again by each service's `authorize`.
 */
export function requireMember(c: Ctx): Extract<Viewer, { kind: "user" }> {
  const v = c.get("viewer");
  if (v.kind === "user" && !v.scopes) return v;
  if (c.req.method !== "GET") throw new SabtError("unauthorized", "Sign in first");
  const lang = langOf(c);
  const next = pendingStep(lang, requestSession(c)) ?? `/team/${lang}/sign-in`;
  throw new Redirect(next);
}

const STATUS: Record<string, 400 | 403 | 404 | 409 | 429> = {
  validation_failed: 400,
  unauthorized: 403,
  forbidden: 403,
  four_eyes: 403,
  not_found: 404,
  stale_version: 409,
  conflict: 409,
  rate_limited: 429,
};

/**
 * Wraps a workspace handler: redirects raised by `requireMember` become 302s, and named errors
 * become an HTML error page in the member's language (never a stack trace).
 */
export function guarded(deps: AppDeps, fn: (c: Ctx) => Promise<Response> | Response) {
  return async (c: Ctx): Promise<Response> => {
    try {
      return await fn(c);
    } catch (e) {
      if (e instanceof Redirect) return c.redirect(e.to, 302);
      if (isSabtError(e) && STATUS[e.id]) {
        const t = messages(langOf(c));
        const title = e.id === "forbidden" || e.id === "four_eyes" ? t.forbidden : e.id === "not_found" ? t.notFound : t.error;
        return page(c, deps, title, Notice({ kind: "error", children: e.message }), STATUS[e.id]);
      }
      throw e;
    }
  };
}

/** A string field of a parsed form ("" when absent). */
export function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === "string" ? v : "";
}
