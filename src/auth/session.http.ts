import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { newSessionToken, type SessionInfo } from "./session.service.ts";

// With HTTPS the cookies carry the __Host- prefix (Secure, Path=/, no Domain: no subdomain can
// plant or read them, ASVS 5.0 V3.3.1). Plain http is only for development on localhost, where
// browsers refuse Secure cookies from http origins; the names differ so the two never mix.
const SESSION = "sabt_session";
const PRE = "sabt_pre";
const name = (base: string, secure: boolean) => (secure ? `__Host-${base}` : base);

/**
 * True when cookies must be Secure: the request came over https, or the configured public URL
 * is https (Sabt behind a TLS-terminating proxy).
 */
export function isSecureRequest(c: Context, publicUrl?: string): boolean {
  return new URL(c.req.url).protocol === "https:" || (publicUrl?.startsWith("https:") ?? false);
}

// On a secure site only the __Host- cookie counts, even when the request reaches Sabt over plain
// http behind a TLS-terminating proxy: a plain-named cookie could have been planted by a
// subdomain or a network attacker (cookie tossing), and the browser never sends one Sabt set.
function read(c: Context, base: string, secure: boolean): string | undefined {
  return getCookie(c, `__Host-${base}`) ?? (secure ? undefined : getCookie(c, base));
}

/** The session token the request carries, if any; `secure` as from {@link isSecureRequest}. */
export function readSessionToken(c: Context, secure: boolean): string | undefined {
  return read(c, SESSION, secure);
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure on https, no Max-Age (ends with the browser). */
export function setSessionCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, name(SESSION, secure), token, { httpOnly: true, secure, sameSite: "Strict", path: "/" });
  deleteCookie(c, name(PRE, secure), { path: "/", secure });
}

/** Removes the session cookie (sign-out, expiry). */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, name(SESSION, secure), { path: "/", secure, httpOnly: true, sameSite: "Strict" });
}

/**
 * The pre-session cookie that anti-CSRF tokens of signed-out forms (the sign-in form) are bound
 * to, created on first use; it stops login CSRF (an attacker signing a victim into the
 * attacker's account).
 */
export function ensurePreSession(c: Context, secure: boolean): string {
  const existing = created.get(c) ?? read(c, PRE, secure);
  if (existing && existing.length >= 20) return existing;
  const v = newSessionToken();
  created.set(c, v);
  setCookie(c, name(PRE, secure), v, { httpOnly: true, secure, sameSite: "Strict", path: "/" });
  return v;
}

// A pre-session created during this request, so that every form on the page uses the same one.
const created = new WeakMap<Context, string>();

/** The pre-session cookie the request carries, if any. */
function readPreSession(c: Context, secure: boolean): string | undefined {
  return read(c, PRE, secure);
}

// Keyed by the context, not the raw Request: middleware such as bodyLimit replaces c.req.raw.
const sessions = new WeakMap<Context, SessionInfo>();

/** Remembers the request's resolved session (set by the viewer middleware). */
export function setRequestSession(c: Context, s: SessionInfo): void {
  sessions.set(c, s);
}

/** The request's resolved session (any stage), if it has a live one. */
export function requestSession(c: Context): SessionInfo | undefined {
  return sessions.get(c);
}

/** The cookie value anti-CSRF tokens are bound to: the live session, else the pre-session. */
export function csrfKeyCookie(c: Context, secure: boolean): string | undefined {
  return requestSession(c)?.token ?? readPreSession(c, secure);
}
