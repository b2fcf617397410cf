import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  verifyRegistrationResponse as VerifyRegistrationResponse,
} from "@simplewebauthn/server";
import { recordAudit } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { SabtError } from "../shared/errors.ts";
import { ANONYMOUS, type Role } from "../shared/viewer.ts";
import { findCredentialById, findCredentialsByUser, insertCredential, updateCredentialCounter } from "./factor.repository.ts";
import { setSessionChallenge } from "./session.repository.ts";
import { startSession, type SessionInfo } from "./session.service.ts";
import { accountKey, addressKey, assertNotThrottled, clearAccountFailures, recordFailedAttempt } from "./throttle.service.ts";

/**
 * The relying party: Sabt's public origin. WebAuthn signs the origin into every response, so a
 * look-alike phishing site gets nothing usable (ASVS 5.0 V6.5.x phishing-resistant factor).
 */
export interface RelyingParty {
  rpID: string;
  origin: string;
  name: string;
}

// Loaded on first use: the library costs half a second of start-up, and most starts of Sabt
// (every CLI command, every server start) never run a security-key ceremony.
const webauthnLib = () => import("@simplewebauthn/server");

/** The relying party for a public base URL. */
export function relyingParty(publicUrl: string): RelyingParty {
  const u = new URL(publicUrl);
  return { rpID: u.hostname, origin: u.origin, name: "Sabt" };
}

const memberViewer = (s: SessionInfo) => ({ kind: "user" as const, userId: s.user.id, name: s.user.name, role: s.user.role as Role });

/** Starts registering an authenticator for a signed-in (or enrolling) member. */
export async function beginWebauthnRegistration(db: Db, s: SessionInfo, rp: RelyingParty): Promise<PublicKeyCredentialCreationOptionsJSON> {
  if (s.session.stage === "second_factor") throw new SabtError("forbidden", "Finish signing in first");
  const existing = await findCredentialsByUser(db, s.user.id);
  const { generateRegistrationOptions } = await webauthnLib();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.rpID,
    userName: s.user.email,
    userDisplayName: s.user.name,
    userID: new TextEncoder().encode(s.user.id),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  await setSessionChallenge(db, s.session.id_hash, options.challenge);
  return options;
}

/**
 * Verifies and stores a new authenticator. When the session was waiting for a required second
 * factor, it is replaced by a full session.
 * @returns a new session token when the session was upgraded.
 * @throws SabtError validation_failed when the response does not verify.
 */
export async function finishWebauthnRegistration(
  db: Db,
  s: SessionInfo,
  rp: RelyingParty,
  response: RegistrationResponseJSON,
  name: string,
): Promise<string | undefined> {
  const challenge = s.session.challenge;
  if (!challenge || s.session.stage === "second_factor") throw new SabtError("forbidden", "No registration is pending");
  await setSessionChallenge(db, s.session.id_hash, null);
  const { verifyRegistrationResponse } = await webauthnLib();
  let result: Awaited<ReturnType<typeof VerifyRegistrationResponse>>;
  try {
    result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false });
  } catch {
    throw new SabtError("validation_failed", "The security key's answer could not be verified");
  }
  if (!result.verified) throw new SabtError("validation_failed", "The security key's answer could not be verified");
  const cred = result.registrationInfo.credential;
  return db.transaction().execute(async (trx) => {
    await insertCredential(trx, {
      id: cred.id,
      user_id: s.user.id,
      name: name.slice(0, 100) || "Security key",
      public_key: Buffer.from(cred.publicKey).toString("base64url"),
      counter: cred.counter,
      transports: JSON.stringify(cred.transports ?? []),
    });
    await recordAudit(trx, memberViewer(s), { action: "auth.webauthn_register", objectType: "user", objectId: s.user.id });
    return s.session.stage === "enroll" ? startSession(trx, s.user.id, "full", { replaces: s }) : undefined;
  });
}

/** Starts the WebAuthn second-factor step of a sign-in. */
export async function beginWebauthnSignIn(db: Db, s: SessionInfo, rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (s.session.stage !== "second_factor") throw new SabtError("forbidden", "No second factor is pending");
  const creds = await findCredentialsByUser(db, s.user.id);
  if (creds.length === 0) throw new SabtError("validation_failed", "No security key is registered for this account");
  const { generateAuthenticationOptions } = await webauthnLib();
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: creds.map((c) => ({ id: c.id, transports: c.transports as never })),
    userVerification: "preferred",
  });
  await setSessionChallenge(db, s.session.id_hash, options.challenge);
  return options;
}

/**
 * Verifies a WebAuthn assertion for the pending sign-in and returns a full session token.
 * @throws SabtError unauthorized when it does not verify (counted by the throttle).
 */
export async function finishWebauthnSignIn(
  db: Db,
  s: SessionInfo,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
  address: string,
): Promise<string> {
  const now = new Date();
  const challenge = s.session.challenge;
  if (s.session.stage !== "second_factor" || !challenge) throw new SabtError("forbidden", "No second factor is pending");
  const keys = { account: accountKey(s.user.email), address: addressKey(address) };
  await assertNotThrottled(db, [keys.account, keys.address], now);
  await setSessionChallenge(db, s.session.id_hash, null);
  const cred = await findCredentialById(db, response.id);
  let newCounter: number | undefined;
  if (cred && cred.user_id === s.user.id) {
    try {
      const { verifyAuthenticationResponse } = await webauthnLib();
      const r = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        credential: { id: cred.id, publicKey: Buffer.from(cred.public_key, "base64url"), counter: Number(cred.counter), transports: cred.transports },
        requireUserVerification: false,
      });
      if (r.verified) newCounter = r.authenticationInfo.newCounter;
    } catch {
      newCounter = undefined;
    }
  }
  const token = await db.transaction().execute(async (trx) => {
    if (newCounter === undefined || !cred) {
      await recordFailedAttempt(trx, keys, now);
      await recordAudit(trx, ANONYMOUS, { action: "auth.second_factor_failed", objectType: "user", objectId: s.user.id });
      return undefined;
    }
    await updateCredentialCounter(trx, cred.id, newCounter, now);
    await clearAccountFailures(trx, keys.account);
    await recordAudit(trx, memberViewer(s), { action: "auth.second_factor", objectType: "user", objectId: s.user.id, details: { method: "webauthn" } });
    return startSession(trx, s.user.id, "full", { now, replaces: s });
  });
  if (!token) throw new SabtError("unauthorized", "The security key's answer could not be verified");
  return token;
}
