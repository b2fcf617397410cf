import type { Db, Trx } from "../db/index.ts";
import type { WebauthnCredentialRow } from "../db/index.ts";

/** Stores a (sealed) TOTP secret that is not yet confirmed, or clears it. */
export async function updateTotpSecret(trx: Trx, userId: string, sealed: string | null, enabledAt: Date | null): Promise<void> {
  await trx.updateTable("app_user").set({ totp_secret: sealed, totp_enabled_at: enabledAt, totp_last_step: null }).where("id", "=", userId).execute();
}

/** Marks the TOTP secret confirmed and remembers the step used. */
export async function enableTotp(trx: Trx, userId: string, at: Date, step: number): Promise<void> {
  await trx.updateTable("app_user").set({ totp_enabled_at: at, totp_last_step: step }).where("id", "=", userId).execute();
}

/**
 * Records the step of an accepted code, only if it is newer than the last one: two requests
 * racing with the same code cannot both succeed.
 * @returns true when this call recorded it.
 */
export async function advanceTotpStep(trx: Trx, userId: string, step: number): Promise<boolean> {
  const r = await trx
    .updateTable("app_user")
    .set({ totp_last_step: step })
    .where("id", "=", userId)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", String(step))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Replaces a user's recovery codes with new ones (hashes). */
export async function replaceRecoveryCodes(trx: Trx, userId: string, hashes: readonly string[]): Promise<void> {
  await trx.deleteFrom("recovery_code").where("user_id", "=", userId).execute();
  if (hashes.length > 0) {
    await trx.insertInto("recovery_code").values(hashes.map((code_hash) => ({ code_hash, user_id: userId }))).execute();
  }
}

/**
 * Uses up a recovery code.
 * @returns true when the code existed, belonged to the user and was unused.
 */
export async function consumeRecoveryCode(trx: Trx, userId: string, hash: string, at: Date): Promise<boolean> {
  const r = await trx
    .updateTable("recovery_code")
    .set({ used_at: at })
    .where("code_hash", "=", hash)
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A user's WebAuthn credentials. */
export async function findCredentialsByUser(db: Db, userId: string): Promise<WebauthnCredentialRow[]> {
  return db.selectFrom("webauthn_credential").selectAll().where("user_id", "=", userId).orderBy("created_at").execute();
}

/** One WebAuthn credential by id. */
export async function findCredentialById(db: Db, id: string): Promise<WebauthnCredentialRow | undefined> {
  return db.selectFrom("webauthn_credential").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Stores a newly registered WebAuthn credential. */
export async function insertCredential(
  trx: Trx,
  row: { id: string; user_id: string; name: string; public_key: string; counter: number; transports: string },
): Promise<void> {
  await trx.insertInto("webauthn_credential").values(row).execute();
}

/** Records a use of a credential with its new signature counter. */
export async function updateCredentialCounter(trx: Trx, id: string, counter: number, at: Date): Promise<void> {
  await trx.updateTable("webauthn_credential").set({ counter, last_used_at: at }).where("id", "=", id).execute();
}
