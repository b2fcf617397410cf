import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db, Trx } from "../db/index.ts";
import type { Role, Viewer } from "../shared/viewer.ts";
import type { AppUserRow } from "../db/index.ts";
import type { AppSessionRow, SessionStage } from "../db/index.ts";
import { deleteExpiredSessions, deleteSession, findSessionByHash, insertSession, touchSession } from "./session.repository.ts";

/** Idle timeout: a session unused this long ends (ASVS 5.0 V7.3.1). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** Absolute timeout: a session ends this long after the password was given, used or not (V7.3.2). */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** An unfinished second-factor step expires sooner. */
const PENDING_MS = 10 * 60_000;
// Writing last_seen_at on every request would turn every page view into a write.
const TOUCH_EVERY_MS = 60_000;

/** A resolved session: its row, its user, and the raw token it was presented with. */
export interface SessionInfo {
  readonly token: string;
  readonly session: AppSessionRow;
  readonly user: AppUserRow;
}

/** SHA-256 of a session token: only the hash is stored, so a database leak yields no sessions (V7.2.x). */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new 256-bit random session token. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Starts a session at a stage. When it replaces an earlier one (second factor done), the old
 * token is deleted and the absolute deadline carries over: rotation never extends a session.
 */
export async function startSession(
  trx: Trx,
  userId: string,
  stage: SessionStage,
  opts: { now?: Date; replaces?: SessionInfo } = {},
): Promise<string> {
  const now = opts.now ?? new Date();
  if (opts.replaces) await deleteSession(trx, opts.replaces.session.id_hash);
  const token = newSessionToken();
  const absolute = new Date(now.getTime() + (stage === "full" ? SESSION_ABSOLUTE_MS : PENDING_MS));
  const carried = opts.replaces && stage === "full" ? new Date(opts.replaces.session.created_at.getTime() + SESSION_ABSOLUTE_MS) : undefined;
  await insertSession(trx, {
    id_hash: hashSessionToken(token),
    user_id: userId,
    stage,
    created_at: opts.replaces?.session.created_at ?? now,
    last_seen_at: now,
    expires_at: carried && carried < absolute ? carried : absolute,
  });
  return token;
}

/**
 * The live session a token stands for, or undefined when it is unknown, expired (idle or
 * absolute) or its account is disabled; an expired session is deleted on sight.
 */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<SessionInfo | undefined> {
  if (token.length < 20 || token.length > 100) return undefined;
  const found = await findSessionByHash(db, hashSessionToken(token));
  if (!found) return undefined;
  const { session, user } = found;
  const idle = now.getTime() - session.last_seen_at.getTime() > SESSION_IDLE_MS;
  if (idle || session.expires_at.getTime() <= now.getTime() || user.disabled) {
    await deleteSession(db, session.id_hash);
    return undefined;
  }
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_EVERY_MS) await touchSession(db, session.id_hash, now);
  return { token, session, user };
}

/**
 * Deletes every session that has run out (idle or absolute). resolveSession drops an expired
 * session only when its token comes back, so without this the rows of people who never return
 * (a stolen laptop, a closed tab) would stay: `sabt serve` runs it periodically.
 * @returns how many sessions were deleted.
 */
export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
  return deleteExpiredSessions(db, now, new Date(now.getTime() - SESSION_IDLE_MS));
}

/** Ends a session (sign-out, or replacing a pre-existing one at sign-in). */
export async function endSession(db: Db, s: SessionInfo): Promise<void> {
  await deleteSession(db, s.session.id_hash);
}

/** The viewer a fully signed-in session stands for; undefined while a second factor is pending. */
export function viewerForSession(s: SessionInfo): Viewer | undefined {
  if (s.session.stage !== "full") return undefined;
  return Object.freeze({ kind: "user", userId: s.user.id, name: s.user.name, role: s.user.role as Role });
}

/**
 * The anti-CSRF token of a session (or pre-session) cookie: an HMAC keyed by the cookie's secret
 * value, so the token is bound to the session, needs no storage, and reveals nothing about the
 * cookie (synchronizer-token pattern, ASVS 5.0 V3.5.1).
 */
export function csrfTokenFor(cookieValue: string): string {
  return createHmac("sha256", cookieValue).update("sabt-csrf-v1").digest("base64url");
}

/** True when a submitted anti-CSRF token matches the cookie (constant-time). */
export function checkCsrfToken(cookieValue: string, submitted: string | undefined): boolean {
  if (!submitted) return false;
  const a = Buffer.from(csrfTokenFor(cookieValue));
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}
