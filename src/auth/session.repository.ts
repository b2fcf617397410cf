import type { Db, Trx } from "../db/index.ts";
import type { AppUserRow } from "../db/index.ts";
import type { AppSessionRow, SessionStage } from "../db/index.ts";

/** Stores a new session (by the hash of its token). */
export async function insertSession(
  trx: Trx,
  row: { id_hash: string; user_id: string; stage: SessionStage; created_at: Date; last_seen_at: Date; expires_at: Date },
): Promise<void> {
  await trx.insertInto("app_session").values(row).execute();
}

/** A session with its user, by token hash. */
export async function findSessionByHash(db: Db, idHash: string): Promise<{ session: AppSessionRow; user: AppUserRow } | undefined> {
  const row = await db
    .selectFrom("app_session")
    .innerJoin("app_user", "app_user.id", "app_session.user_id")
    .selectAll("app_session")
    .select([
      "app_user.email",
      "app_user.name",
      "app_user.role",
      "app_user.password_hash",
      "app_user.disabled",
      "app_user.created_at as user_created_at",
      "app_user.require_second_factor",
      "app_user.totp_secret",
      "app_user.totp_enabled_at",
      "app_user.totp_last_step",
      "app_user.password_changed_at",
    ])
    .where("app_session.id_hash", "=", idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const session: AppSessionRow = {
    id_hash: row.id_hash,
    user_id: row.user_id,
    stage: row.stage,
    challenge: row.challenge,
    created_at: row.created_at,
    last_seen_at: row.last_seen_at,
    expires_at: row.expires_at,
  };
  const user: AppUserRow = {
    id: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    password_hash: row.password_hash,
    disabled: row.disabled,
    created_at: row.user_created_at,
    require_second_factor: row.require_second_factor,
    totp_secret: row.totp_secret,
    totp_enabled_at: row.totp_enabled_at,
    totp_last_step: row.totp_last_step,
    password_changed_at: row.password_changed_at,
  };
  return { session, user };
}

/** Records activity on a session (for the idle timeout). */
export async function touchSession(db: Db, idHash: string, at: Date): Promise<void> {
  await db.updateTable("app_session").set({ last_seen_at: at }).where("id_hash", "=", idHash).execute();
}

/** Stores or clears the pending WebAuthn challenge of a session. */
export async function setSessionChallenge(db: Db, idHash: string, challenge: string | null): Promise<void> {
  await db.updateTable("app_session").set({ challenge }).where("id_hash", "=", idHash).execute();
}

/** Deletes one session. */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom("app_session").where("id_hash", "=", idHash).execute();
}

/** Deletes every session of a user (password change, disabled account, "sign out everywhere"). */
export async function deleteUserSessions(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom("app_session").where("user_id", "=", userId).execute();
}

/** Deletes sessions that have run out, idle or absolute, and returns how many there were. */
export async function deleteExpiredSessions(db: Db, now: Date, idleBefore: Date): Promise<number> {
  const r = await db
    .deleteFrom("app_session")
    .where((eb) => eb.or([eb("expires_at", "<=", now), eb("last_seen_at", "<", idleBefore)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
