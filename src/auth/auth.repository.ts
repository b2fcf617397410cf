import type { Db, Trx } from "../db/index.ts";
import type { ApiTokenRow, AppUserRow } from "./auth.table.ts";

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
