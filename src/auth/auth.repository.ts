import type { Db, Trx } from "../db/index.ts";
import type { ApiTokenRow, AppUserRow } from "../db/index.ts";

/** Inserts a user. */
export async function insertUser(trx: Trx, row: { id: string; email: string; name: string; role: string }): Promise<void> {
  await trx.insertInto("app_user").values({ ...row, disabled: false }).execute();
}

/** A user by e-mail address. */
export async function findUserByEmail(db: Db, email: string): Promise<AppUserRow | undefined> {
  return db.selectFrom("app_user").selectAll().where("email", "=", email).executeTakeFirst();
}

/** A user by id. */
export async function findUserById(db: Db, id: string): Promise<AppUserRow | undefined> {
  return db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Inserts an API token (hash only). */
export async function insertApiToken(
  trx: Trx,
  row: { id: string; user_id: string; name: string; token_hash: string; scopes: string; expires_at: Date | null },
): Promise<void> {
  await trx.insertInto("api_token").values(row).execute();
}

/** A live token by its hash, with its user. */
export async function findTokenByHash(db: Db, hash: string): Promise<(ApiTokenRow & { role: string; user_name: string; disabled: boolean }) | undefined> {
  return db
    .selectFrom("api_token")
    .innerJoin("app_user", "app_user.id", "api_token.user_id")
    .selectAll("api_token")
    .select(["app_user.role", "app_user.name as user_name", "app_user.disabled"])
    .where("api_token.token_hash", "=", hash)
    .where("api_token.revoked_at", "is", null)
    .executeTakeFirst();
}

/** Sets a user's password hash. */
export async function updatePasswordHash(trx: Trx, userId: string, hash: string, at: Date): Promise<void> {
  await trx.updateTable("app_user").set({ password_hash: hash, password_changed_at: at }).where("id", "=", userId).execute();
}

/** Sets whether a user must use a second factor. */
export async function updateRequireSecondFactor(trx: Trx, userId: string, required: boolean): Promise<void> {
  await trx.updateTable("app_user").set({ require_second_factor: required }).where("id", "=", userId).execute();
}

/** Enables or disables an account. */
export async function updateUserDisabled(trx: Trx, userId: string, disabled: boolean): Promise<void> {
  await trx.updateTable("app_user").set({ disabled }).where("id", "=", userId).execute();
}

/** Every user, by e-mail. */
export async function findUsers(db: Db): Promise<AppUserRow[]> {
  return db.selectFrom("app_user").selectAll().orderBy("email").execute();
}

/** API tokens, newest first; optionally of one user. */
export async function findApiTokens(db: Db, userId?: string): Promise<(ApiTokenRow & { email: string })[]> {
  let q = db
    .selectFrom("api_token")
    .innerJoin("app_user", "app_user.id", "api_token.user_id")
    .selectAll("api_token")
    .select("app_user.email");
  if (userId) q = q.where("api_token.user_id", "=", userId);
  return q.orderBy("api_token.created_at", "desc").execute();
}

/** Revokes a token; true when it was live. */
export async function revokeApiToken(trx: Trx, id: string, at: Date, userId?: string): Promise<boolean> {
  let q = trx.updateTable("api_token").set({ revoked_at: at }).where("id", "=", id).where("revoked_at", "is", null);
  if (userId) q = q.where("user_id", "=", userId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
