import { recordAudit } from "../audit/index.ts";
import { activeKeyring, openSealed, seal } from "../crypto/index.ts";
import type { Db, Trx } from "../db/index.ts";
import { notFound, SabtError, validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import {
  findApiTokens,
  findUserByEmail,
  findUserById,
  findUsers,
  revokeApiToken,
  updatePasswordHash,
  updateRequireSecondFactor,
  updateUserDisabled,
} from "./auth.repository.ts";
import type { AppUserRow } from "../db/index.ts";
import { enableTotp, replaceRecoveryCodes, updateTotpSecret } from "./factor.repository.ts";
import { checkNewPassword, hashPassword, verifyPassword } from "./password.ts";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes.ts";
import { deleteUserSessions } from "./session.repository.ts";
import { revokeUserTokens } from "./team.repository.ts";
import { totpAad } from "./signin.service.ts";
import { newTotpSecret, totpUri, verifyTotp } from "./totp.ts";

/** A team member as admin views and the workspace show them (never the hashes). */
export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  requireSecondFactor: boolean;
  totpEnabled: boolean;
}

function toMember(u: AppUserRow): Member {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    requireSecondFactor: u.require_second_factor,
    totpEnabled: u.totp_enabled_at !== null,
  };
}

async function userByEmail(db: Db, email: string): Promise<AppUserRow> {
  const u = await findUserByEmail(db, email.trim().toLowerCase());
  if (!u) throw notFound(`Account ${email}`);
  return u;
}

/**
 * Sets a member's password (admin, e.g. from the CLI). Every session of the account ends.
 * @throws SabtError validation_failed for a password that is too short or too long.
 */
export async function setPassword(trx: Trx, viewer: Viewer, email: string, password: string): Promise<void> {
  authorize(viewer, "admin");
  const u = await userByEmail(trx, email);
  checkNewPassword(password, [u.email, u.name]);
  await updatePasswordHash(trx, u.id, await hashPassword(password), new Date());
  await deleteUserSessions(trx, u.id);
  await recordAudit(trx, viewer, { action: "user.password_set", objectType: "user", objectId: u.id });
}

/**
 * Changes one's own password after checking the current one; other sessions end (V6.2.3, V7.4.3).
 * @throws SabtError unauthorized when the current password is wrong.
 */
export async function changeOwnPassword(db: Db, viewer: Viewer, current: string, next: string): Promise<void> {
  if (viewer.kind !== "user") throw new SabtError("unauthorized", "Sign in first");
  const u = await findUserById(db, viewer.userId);
  if (!u?.password_hash || !(await verifyPassword(u.password_hash, current))) throw new SabtError("unauthorized", "The current password is wrong.");
  checkNewPassword(next, [u.email, u.name]);
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, u.id, hash, new Date());
    await deleteUserSessions(trx, u.id);
    await recordAudit(trx, viewer, { action: "user.password_change", objectType: "user", objectId: u.id });
  });
}

/** Requires (or stops requiring) a second factor for an account; admins only. */
export async function setRequireSecondFactor(trx: Trx, viewer: Viewer, email: string, required: boolean): Promise<void> {
  authorize(viewer, "admin");
  const u = await userByEmail(trx, email);
  await updateRequireSecondFactor(trx, u.id, required);
  // Sessions started without the factor end, so the requirement takes effect at once.
  if (required) await deleteUserSessions(trx, u.id);
  await recordAudit(trx, viewer, { action: "user.require_second_factor", objectType: "user", objectId: u.id, details: { required } });
}

/** Disables or re-enables an account; disabling ends its sessions and revokes its API tokens at once. */
export async function setUserDisabled(trx: Trx, viewer: Viewer, email: string, disabled: boolean): Promise<void> {
  authorize(viewer, "admin");
  const u = await userByEmail(trx, email);
  await updateUserDisabled(trx, u.id, disabled);
  if (disabled) {
    await deleteUserSessions(trx, u.id);
    await revokeUserTokens(trx, u.id, new Date());
  }
  await recordAudit(trx, viewer, { action: disabled ? "user.disable" : "user.enable", objectType: "user", objectId: u.id });
}

/** Every team member (admins only). */
export async function listMembers(db: Db, viewer: Viewer): Promise<Member[]> {
  authorize(viewer, "admin");
  return (await findUsers(db)).map(toMember);
}

/** One member's own account summary. */
export async function getMember(db: Db, userId: string): Promise<Member> {
  const u = await findUserById(db, userId);
  if (!u) throw notFound("Account");
  return toMember(u);
}

/**
 * Starts TOTP enrollment: a new secret, stored sealed and not yet active until a code from it is
 * confirmed. Returns the secret and otpauth URI to show once.
 */
export async function beginTotpEnrollment(trx: Trx, userId: string): Promise<{ secret: string; uri: string }> {
  const u = await findUserById(trx, userId);
  if (!u) throw notFound("Account");
  if (u.totp_enabled_at) throw new SabtError("conflict", "An authenticator app is already set up for this account");
  const secret = newTotpSecret();
  await updateTotpSecret(trx, userId, seal(activeKeyring(), secret, totpAad(userId)), null);
  return { secret, uri: totpUri(secret, u.email) };
}

/**
 * Confirms TOTP enrollment with a code from the app, and issues recovery codes (shown once).
 * @throws SabtError validation_failed when the code does not match.
 */
export async function confirmTotpEnrollment(trx: Trx, userId: string, code: string, now = new Date()): Promise<string[]> {
  const u = await findUserById(trx, userId);
  if (!u?.totp_secret || u.totp_enabled_at) throw new SabtError("conflict", "No authenticator app set-up is pending");
  const step = verifyTotp(openSealed(activeKeyring(), u.totp_secret, totpAad(userId)), code, now.getTime(), null);
  if (step === undefined) throw validationError("code: the code does not match; check the time on your phone");
  await enableTotp(trx, userId, now, step);
  const codes = await issueRecoveryCodes(trx, userId);
  await recordAudit(trx, { kind: "user", userId, name: u.name, role: "viewer" }, { action: "auth.totp_enroll", objectType: "user", objectId: userId });
  return codes;
}

/** Replaces a member's recovery codes with new ones and returns them (shown once). */
export async function issueRecoveryCodes(trx: Trx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(trx, userId, codes.map(hashRecoveryCode));
  return codes;
}

/** Removes a member's TOTP and recovery codes (admin reset for a lost phone). */
export async function resetSecondFactors(trx: Trx, viewer: Viewer, email: string): Promise<void> {
  authorize(viewer, "admin");
  const u = await userByEmail(trx, email);
  await updateTotpSecret(trx, u.id, null, null);
  await replaceRecoveryCodes(trx, u.id, []);
  await deleteUserSessions(trx, u.id);
  await recordAudit(trx, viewer, { action: "user.second_factor_reset", objectType: "user", objectId: u.id });
}

/** An API token as listed (never the token or its hash). */
export interface TokenInfo {
  id: string;
  email: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** When it was last used, if Sabt recorded it. */
  lastUsedAt: Date | null;
}

/** API tokens: all of them for admins, one's own for everyone else. */
export async function listApiTokens(db: Db, viewer: Viewer): Promise<TokenInfo[]> {
  if (viewer.kind === "anonymous") throw new SabtError("unauthorized", "Sign in first");
  const own = viewer.kind === "user" && viewer.role !== "admin" ? viewer.userId : undefined;
  return (await findApiTokens(db, own)).map((t) => ({
    id: t.id,
    email: t.email,
    name: t.name,
    scopes: t.scopes,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    lastUsedAt: t.last_used_at,
  }));
}

/**
 * Revokes an API token: admins any, others only their own.
 * @throws SabtError not_found when there is no such live token the viewer may revoke.
 */
export async function revokeToken(trx: Trx, viewer: Viewer, id: string): Promise<void> {
  if (viewer.kind === "anonymous") throw new SabtError("unauthorized", "Sign in first");
  const own = viewer.kind === "user" && viewer.role !== "admin" ? viewer.userId : undefined;
  if (!(await revokeApiToken(trx, id, new Date(), own))) throw notFound("Live API token");
  await recordAudit(trx, viewer, { action: "token.revoke", objectType: "api_token", objectId: id });
}

/** The enabled members who may review (reviewers, editors, admins), to assign reviews to: names only. */
export async function listReviewers(db: Db): Promise<{ id: string; name: string }[]> {
  return (await findUsers(db))
    .filter((u) => !u.disabled && (u.role === "reviewer" || u.role === "editor" || u.role === "admin"))
    .map((u) => ({ id: u.id, name: u.name }));
}

/**
 * The otpauth URI of a member's TOTP set-up that is started but not yet confirmed (for its QR
 * code), or undefined when none is pending: a confirmed secret is never shown again.
 */
export async function pendingTotpUri(db: Db, userId: string): Promise<string | undefined> {
  const u = await findUserById(db, userId);
  if (!u?.totp_secret || u.totp_enabled_at) return undefined;
  return totpUri(openSealed(activeKeyring(), u.totp_secret, totpAad(userId)), u.email);
}
