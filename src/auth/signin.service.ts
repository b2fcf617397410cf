import { recordAudit } from "../audit/index.ts";
import { activeKeyring, openSealed } from "../crypto/index.ts";
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { ANONYMOUS, type Viewer } from "../shared/viewer.ts";
import { findUserByEmail, updatePasswordHash } from "./auth.repository.ts";
import type { AppUserRow } from "../db/index.ts";
import { advanceTotpStep, consumeRecoveryCode, findCredentialsByUser } from "./factor.repository.ts";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "./password.ts";
import { hashRecoveryCode } from "./recovery-codes.ts";
import type { SessionStage } from "../db/index.ts";
import { startSession, type SessionInfo } from "./session.service.ts";
import { accountKey, addressKey, assertNotThrottled, clearAccountFailures, recordFailedAttempt } from "./throttle.service.ts";
import { verifyTotp } from "./totp.ts";

/** A new session token and what it allows. */
export interface SignInResult {
  token: string;
  stage: SessionStage;
  userId: string;
}

// One message for unknown account, wrong password and disabled account: no enumeration (V6.3.8).
const WRONG = "The e-mail address or password is wrong.";

/** The AAD a TOTP secret is sealed with, binding it to its account. */
export const totpAad = (userId: string) => `totp:${userId}`;

/** True when the account has a confirmed TOTP secret or a WebAuthn credential. */
export async function hasSecondFactor(db: Db, user: AppUserRow): Promise<boolean> {
  if (user.totp_enabled_at) return true;
  return (await findCredentialsByUser(db, user.id)).length > 0;
}

/** True when the account has at least one registered security key. */
export async function hasSecurityKey(db: Db, userId: string): Promise<boolean> {
  return (await findCredentialsByUser(db, userId)).length > 0;
}

const userViewer = (u: AppUserRow): Viewer => ({ kind: "user", userId: u.id, name: u.name, role: u.role as "viewer" });

/**
 * First sign-in step. Throttled per account and per address before the password is even
 * checked; a failure is counted in its own committed transaction. On success a new session is
 * started (never the pre-session reused: ASVS 5.0 V7.2.4) at the stage the account needs next.
 * @throws SabtError rate_limited while throttled, unauthorized for wrong credentials.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; address: string; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const keys = { account: accountKey(email), address: addressKey(input.address) };
  await assertNotThrottled(db, [keys.account, keys.address], now);
  const user = await findUserByEmail(db, email);
  const ok =
    user && user.password_hash && !user.disabled ? await verifyPassword(user.password_hash, input.password) : await verifyDummyPassword(input.password);
  if (!ok || !user) {
    await db.transaction().execute(async (trx) => {
      await recordFailedAttempt(trx, keys, now);
      await recordAudit(trx, ANONYMOUS, { action: "auth.signin_failed", objectType: "user", objectId: user?.id ?? "unknown" });
    });
    throw new SabtError("unauthorized", WRONG);
  }
  const stage: SessionStage = (await hasSecondFactor(db, user)) ? "second_factor" : user.require_second_factor ? "enroll" : "full";
  const rehash = needsRehash(user.password_hash!) ? await hashPassword(input.password) : undefined;
  const token = await db.transaction().execute(async (trx) => {
    if (rehash) await updatePasswordHash(trx, user.id, rehash, user.password_changed_at ?? now);
    if (stage === "full") await clearAccountFailures(trx, keys.account);
    await recordAudit(trx, userViewer(user), { action: "auth.signin", objectType: "user", objectId: user.id, details: { stage } });
    return startSession(trx, user.id, stage, { now });
  });
  return { token, stage, userId: user.id };
}

/**
 * Second sign-in step with a TOTP code or a recovery code. Each code works once; failures count
 * towards the account's throttle like wrong passwords.
 * @throws SabtError unauthorized for a wrong code, rate_limited while throttled.
 */
export async function completeSecondFactor(
  db: Db,
  s: SessionInfo,
  input: { code: string; address: string; now?: Date },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  if (s.session.stage !== "second_factor") throw new SabtError("forbidden", "No second factor is pending");
  const keys = { account: accountKey(s.user.email), address: addressKey(input.address) };
  await assertNotThrottled(db, [keys.account, keys.address], now);
  const code = input.code.trim();
  const isRecovery = code.replace(/[^A-Za-z0-9]/g, "").length > 8;
  const totpStep =
    !isRecovery && s.user.totp_secret && s.user.totp_enabled_at
      ? verifyTotp(openSealed(activeKeyring(), s.user.totp_secret, totpAad(s.user.id)), code, now.getTime(), s.user.totp_last_step === null ? null : Number(s.user.totp_last_step))
      : undefined;
  const result = await db.transaction().execute(async (trx) => {
    const accepted = isRecovery
      ? await consumeRecoveryCode(trx, s.user.id, hashRecoveryCode(code), now)
      : totpStep !== undefined && (await advanceTotpStep(trx, s.user.id, totpStep));
    if (!accepted) {
      await recordFailedAttempt(trx, keys, now);
      await recordAudit(trx, ANONYMOUS, { action: "auth.second_factor_failed", objectType: "user", objectId: s.user.id });
      return undefined;
    }
    await clearAccountFailures(trx, keys.account);
    await recordAudit(trx, userViewer(s.user), {
      action: "auth.second_factor",
      objectType: "user",
      objectId: s.user.id,
      details: { method: isRecovery ? "recovery_code" : "totp" },
    });
    return startSession(trx, s.user.id, "full", { now, replaces: s });
  });
  if (!result) throw new SabtError("unauthorized", "The code is wrong or was already used.");
  return { token: result, stage: "full", userId: s.user.id };
}
