import { sql } from "kysely";
import type { Db, InvitationRow, Trx } from "../db/index.ts";
import type { AppUserRow } from "../db/index.ts";

/** A user row with what the members page adds: a second factor of any kind, and the last sign-in. */
export type TeamUserRow = AppUserRow & { has_key: boolean; last_sign_in_at: Date | null };

/**
 * Every user with whether they have a security key and when they last finished signing in. The
 * last sign-in is read from the audit log (a full sign-in, or a second factor completed), which
 * records every sign-in already, so no column is written on each sign-in.
 */
export async function findTeamUsers(db: Db): Promise<TeamUserRow[]> {
  return db
    .selectFrom("app_user")
    .selectAll("app_user")
    .select((eb) => [
      eb.exists(eb.selectFrom("webauthn_credential").select("webauthn_credential.id").whereRef("webauthn_credential.user_id", "=", "app_user.id")).as("has_key"),
      eb
        .selectFrom("audit_log")
        .select((a) => a.fn.max("audit_log.at").as("m"))
        .whereRef("audit_log.object_id", "=", "app_user.id")
        .where("audit_log.object_type", "=", "user")
        .where((w) =>
          w.or([w("audit_log.action", "=", "auth.second_factor"), w.and([w("audit_log.action", "=", "auth.signin"), w(sql`audit_log.details->>'stage'`, "=", "full")])]),
        )
        .as("last_sign_in_at"),
    ])
    .orderBy("app_user.email")
    .execute() as Promise<TeamUserRow[]>;
}

/**
 * Locks the enabled admins' rows for the rest of the transaction and returns their ids, so two
 * admins demoting each other at once cannot both succeed and leave the team without one.
 */
export async function lockEnabledAdmins(trx: Trx): Promise<string[]> {
  const rows = await trx.selectFrom("app_user").select("id").where("role", "=", "admin").where("disabled", "=", false).orderBy("id").forUpdate().execute();
  return rows.map((r) => r.id);
}

/** Sets a user's role. */
export async function updateUserRole(trx: Trx, userId: string, role: string): Promise<void> {
  await trx.updateTable("app_user").set({ role }).where("id", "=", userId).execute();
}

/** Revokes every live API token of a user and returns how many there were. */
export async function revokeUserTokens(trx: Trx, userId: string, at: Date): Promise<number> {
  const r = await trx.updateTable("api_token").set({ revoked_at: at }).where("user_id", "=", userId).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Deletes every WebAuthn credential of a user (second-factor reset). */
export async function deleteUserCredentials(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom("webauthn_credential").where("user_id", "=", userId).execute();
}

/** Stores a new invitation (the hash of its token only). */
export async function insertInvitation(
  trx: Trx,
  row: { id: string; token_hash: string; email: string; name: string; role: string; invited_by: string; expires_at: Date },
): Promise<void> {
  await trx.insertInto("invitation").values(row).execute();
}

/** Invitations not used and not revoked (expired ones included), newest first. */
export async function findOpenInvitations(db: Db): Promise<InvitationRow[]> {
  return db.selectFrom("invitation").selectAll().where("used_at", "is", null).where("revoked_at", "is", null).orderBy("created_at", "desc").execute();
}

/** An invitation by the hash of its token; `lock` holds its row until the transaction ends. */
export async function findInvitationByHash(db: Db, hash: string, lock = false): Promise<InvitationRow | undefined> {
  const q = db.selectFrom("invitation").selectAll().where("token_hash", "=", hash);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

/** Marks an invitation used by the account created from it. */
export async function markInvitationUsed(trx: Trx, id: string, userId: string, at: Date): Promise<void> {
  await trx.updateTable("invitation").set({ used_at: at, user_id: userId }).where("id", "=", id).execute();
}

/** Revokes an open invitation; true when it was open. */
export async function revokeInvitationRow(trx: Trx, id: string, at: Date): Promise<boolean> {
  const r = await trx.updateTable("invitation").set({ revoked_at: at }).where("id", "=", id).where("used_at", "is", null).where("revoked_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
