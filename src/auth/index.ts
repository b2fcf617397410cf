export { createUser, createApiToken, viewerForToken, hashToken } from "./auth.service.ts";
export { UserCreateSchema, TokenCreateSchema, RoleSchema, TokenScopeSchema, type UserCreateReq, type TokenCreateReq } from "./auth.schema.ts";
export { hashPassword, verifyPassword, checkNewPassword, ARGON2_PARAMS } from "./password.ts";
export { signInWithPassword, completeSecondFactor, hasSecondFactor, hasSecurityKey, type SignInResult } from "./signin.service.ts";
export {
  setPassword,
  changeOwnPassword,
  setRequireSecondFactor,
  setUserDisabled,
  listMembers,
  getMember,
  beginTotpEnrollment,
  confirmTotpEnrollment,
  issueRecoveryCodes,
  resetSecondFactors,
  listReviewers,
  listApiTokens,
  revokeToken,
  pendingTotpUri,
  type Member,
  type TokenInfo,
} from "./account.service.ts";
export {
  resolveSession,
  endSession,
  startSession,
  purgeExpiredSessions,
  viewerForSession,
  csrfTokenFor,
  checkCsrfToken,
  hashSessionToken,
  SESSION_IDLE_MS,
  SESSION_ABSOLUTE_MS,
  type SessionInfo,
} from "./session.service.ts";
export { runSessionPurgeJob, SESSION_PURGE_MS } from "./session-purge.job.ts";
export {
  isSecureRequest,
  readSessionToken,
  setSessionCookie,
  clearSessionCookie,
  ensurePreSession,
  requestSession,
  csrfKeyCookie,
} from "./session.http.ts";
export { THROTTLE, accountKey, addressKey } from "./throttle.service.ts";
export { totpCode, totpStep, verifyTotp, base32Decode } from "./totp.ts";
export {
  relyingParty,
  beginWebauthnRegistration,
  finishWebauthnRegistration,
  beginWebauthnSignIn,
  finishWebauthnSignIn,
  type RelyingParty,
} from "./webauthn.service.ts";
export { auditConfidentialReads } from "./confidential-read.ts";
export { setRequestSession } from "./session.http.ts";
export { resolveActors, type Actor } from "./actor-names.service.ts";
export {
  listTeam,
  changeMemberRole,
  setMemberDisabled,
  resetMemberSecondFactor,
  createInvitation,
  listInvitations,
  revokeInvitation,
  findInvitation,
  acceptInvitation,
  type TeamMember,
  type AdminGuard,
  type Invitation,
  type InvitationLookup,
} from "./team.service.ts";
export { InvitationCreateSchema, InvitationAcceptSchema, INVITATION_DAYS, type InvitationCreateReq, type InvitationAcceptReq } from "./team.schema.ts";
