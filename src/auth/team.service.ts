import { randomBytes } from "node:crypto";
import { recordAudit, recordAuditAs } from "../audit/index.ts";
import type { Db, InvitationRow, Trx } from "../db/index.ts";
import { notFound, SabtError, validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { newId } from "../shared/slug.ts";
import { actorName, type Role, type Viewer } from "../shared/viewer.ts";
import { hashToken } from "./auth.service.ts";
import { findUserByEmail, findUserById, insertUser, updatePasswordHash, updateUserDisabled } from "./auth.repository.ts";
import { replaceRecoveryCodes, updateTotpSecret } from "./factor.repository.ts";
import { checkNewPassword, hashPassword } from "./password.ts";
import { deleteUserSessions } from "./session.repository.ts";
import {
  deleteUserCredentials,
  findInvitationByHash,
  findOpenInvitations,
  findTeamUsers,
  insertInvitation,
  lockEnabledAdmins,
  markInvitationUsed,
  revokeInvitationRow,
  revokeUserTokens,
  updateUserRole,
} from "./team.repository.ts";
import type { InvitationAcceptReq, InvitationCreateReq } from "./team.schema.ts";

/** A member as the team page lists them. */
export interface TeamMember {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** A confirmed authenticator app or at least one security key. */
  secondFactor: boolean;
  lastSignInAt: Date | null;
}

/** Why a change to the admins was refused: the page words it in its own language. */
export type AdminGuard = "last_admin" | "self";

function guardError(reason: AdminGuard): SabtError {
  const text =
    reason === "self"
      ? "You cannot disable your own account: another admin must do it."
      : "This is the last enabled admin: make another member admin first.";
  return new SabtError("conflict", text, { reason });
}

/** Every team member with their second factor and last sign-in (admins only). */
export async function listTeam(db: Db, viewer: Viewer): Promise<TeamMember[]> {
  authorize(viewer, "admin");
  return (await findTeamUsers(db)).map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    disabled: u.disabled,
    secondFactor: u.totp_enabled_at !== null || u.has_key,
    lastSignInAt: u.last_sign_in_at,
  }));
}

async function memberById(trx: Trx, userId: string) {
  const u = await findUserById(trx, userId);
  if (!u) throw notFound("Account");
  return u;
}

/**
 * Changes a member's role; admins only. The last enabled admin cannot be demoted.
 * @throws SabtError conflict (details.reason "last_admin") when it would leave no enabled admin.
 */
export async function changeMemberRole(trx: Trx, viewer: Viewer, userId: string, role: Role): Promise<void> {
  authorize(viewer, "admin");
  const admins = await lockEnabledAdmins(trx);
  const u = await memberById(trx, userId);
  if (u.role === role) return;
  if (role !== "admin" && admins.length === 1 && admins[0] === u.id) throw guardError("last_admin");
  await updateUserRole(trx, u.id, role);
  // Sessions carry the role they were started with in no cache, but tokens made for the old role
  // may exceed the new one: ending sessions makes the change take effect on the next request.
  await deleteUserSessions(trx, u.id);
  await recordAudit(trx, viewer, { action: "user.role_change", objectType: "user", objectId: u.id, details: { from: u.role, to: role } });
}

/**
 * Disables an account, ending its sessions and revoking its API tokens at once, or re-enables it.
 * @throws SabtError conflict (details.reason "self" or "last_admin") for one's own account or the last enabled admin.
 */
export async function setMemberDisabled(trx: Trx, viewer: Viewer, userId: string, disabled: boolean): Promise<void> {
  authorize(viewer, "admin");
  const admins = await lockEnabledAdmins(trx);
  const u = await memberById(trx, userId);
  if (u.disabled === disabled) return;
  if (disabled) {
    if (viewer.kind === "user" && viewer.userId === u.id) throw guardError("self");
    if (admins.length === 1 && admins[0] === u.id) throw guardError("last_admin");
  }
  await updateUserDisabled(trx, u.id, disabled);
  let tokens = 0;
  if (disabled) {
    await deleteUserSessions(trx, u.id);
    tokens = await revokeUserTokens(trx, u.id, new Date());
  }
  await recordAudit(trx, viewer, { action: disabled ? "user.disable" : "user.enable", objectType: "user", objectId: u.id, details: disabled ? { tokensRevoked: tokens } : {} });
}

/** Removes every second factor of a member (authenticator app, recovery codes, security keys) so they enrol again; admins only. */
export async function resetMemberSecondFactor(trx: Trx, viewer: Viewer, userId: string): Promise<void> {
  authorize(viewer, "admin");
  const u = await memberById(trx, userId);
  await updateTotpSecret(trx, u.id, null, null);
  await replaceRecoveryCodes(trx, u.id, []);
  await deleteUserCredentials(trx, u.id);
  await deleteUserSessions(trx, u.id);
  await recordAudit(trx, viewer, { action: "user.second_factor_reset", objectType: "user", objectId: u.id });
}

/** An invitation as listed (never its token or hash). */
export interface Invitation {
  id: string;
  email: string;
  name: string;
  role: Role;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
}

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  invitedBy: r.invited_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/**
 * Invites someone to the team and returns the one-time token of their link; only its hash is
 * stored, so the link is shown exactly once.
 * @throws SabtError validation_failed when the e-mail address already has an account.
 */
export async function createInvitation(trx: Trx, viewer: Viewer, input: InvitationCreateReq, now = new Date()): Promise<{ id: string; token: string; expiresAt: Date }> {
  authorize(viewer, "admin");
  if (await findUserByEmail(trx, input.email)) throw validationError("email: this address already has an account");
  const token = `inv_${randomBytes(32).toString("base64url")}`;
  const id = newId();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
  await insertInvitation(trx, { id, token_hash: hashToken(token), email: input.email, name: input.name, role: input.role, invited_by: actorName(viewer), expires_at: expiresAt });
  await recordAudit(trx, viewer, { action: "invitation.create", objectType: "invitation", objectId: id, details: { role: input.role, expiresAt: expiresAt.toISOString() } });
  return { id, token, expiresAt };
}

/** Invitations neither used nor revoked, expired ones included (admins only). */
export async function listInvitations(db: Db, viewer: Viewer): Promise<Invitation[]> {
  authorize(viewer, "admin");
  return (await findOpenInvitations(db)).map(toInvitation);
}

/**
 * Revokes an open invitation; admins only.
 * @throws SabtError not_found when there is no such open invitation.
 */
export async function revokeInvitation(trx: Trx, viewer: Viewer, id: string): Promise<void> {
  authorize(viewer, "admin");
  if (!(await revokeInvitationRow(trx, id, new Date()))) throw notFound("Open invitation");
  await recordAudit(trx, viewer, { action: "invitation.revoke", objectType: "invitation", objectId: id });
}

/** What an invitation link leads to: an open invitation, or why it no longer works. */
export type InvitationLookup = { status: "open"; invitation: Invitation } | { status: "gone" | "expired" | "unknown" };

/** Looks an invitation up by the token of its link (anyone holding the link may). */
export async function findInvitation(db: Db, token: string, now = new Date(), lock = false): Promise<InvitationLookup> {
  // Tokens are ASCII and short; anything else is not one, and is not hashed or looked up.
  if (!/^inv_[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "unknown" };
  const row = await findInvitationByHash(db, hashToken(token), lock);
  if (!row) return { status: "unknown" };
  if (row.used_at || row.revoked_at) return { status: "gone" };
  if (row.expires_at.getTime() <= now.getTime()) return { status: "expired" };
  return { status: "open", invitation: toInvitation(row) };
}

/**
 * Accepts an invitation: creates the account with the invitee's name and password and uses the
 * link up, in the caller's transaction (the invitation's row is locked, so a link works once).
 * @throws SabtError not_found when the link is unknown, used, revoked or expired; validation_failed for a weak password.
 */
export async function acceptInvitation(trx: Trx, token: string, input: InvitationAcceptReq, now = new Date()): Promise<{ userId: string; email: string }> {
  const found = await findInvitation(trx, token, now, true);
  if (found.status !== "open") throw new SabtError("not_found", "This invitation link does not work any more", { reason: found.status });
  const inv = found.invitation;
  checkNewPassword(input.password, [inv.email, input.name]);
  if (await findUserByEmail(trx, inv.email)) throw new SabtError("conflict", "This address already has an account", { reason: "taken" });
  const userId = newId();
  await insertUser(trx, { id: userId, email: inv.email, name: input.name, role: inv.role });
  await updatePasswordHash(trx, userId, await hashPassword(input.password), now);
  await markInvitationUsed(trx, inv.id, userId, now);
  // The invitee creates their own account, on the strength of the admin's invitation.
  await recordAuditAs(trx, `user:${userId}`, { action: "invitation.accept", objectType: "user", objectId: userId, details: { invitation: inv.id, role: inv.role } });
  return { userId, email: inv.email };
}
