import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "../audit/index.ts";
import type { Db, Trx } from "../db/index.ts";
import { SabtError, validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { newId } from "../shared/slug.ts";
import type { Role, Viewer } from "../shared/viewer.ts";
import { findTokenByHash, findUserByEmail, insertApiToken, insertUser } from "./auth.repository.ts";
import type { TokenCreateReq, UserCreateReq } from "./auth.schema.ts";

/** SHA-256 of a token: tokens are high-entropy, so a fast hash is safe and lookups stay indexed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Adds a team member.
 * @throws SabtError conflict when the e-mail address is taken.
 */
export async function createUser(trx: Trx, viewer: Viewer, input: UserCreateReq): Promise<{ id: string }> {
  authorize(viewer, "admin");
  if (await findUserByEmail(trx, input.email)) throw new SabtError("conflict", `email: ${input.email} already has an account`);
  const id = newId();
  await insertUser(trx, { id, email: input.email, name: input.name, role: input.role });
  await recordAudit(trx, viewer, { action: "user.create", objectType: "user", objectId: id, details: { role: input.role } });
  return { id };
}

/** Creates an API token and returns it; only its hash is kept, so it is shown exactly once. */
export async function createApiToken(trx: Trx, viewer: Viewer, input: TokenCreateReq): Promise<{ id: string; token: string }> {
  authorize(viewer, "admin");
  const user = await findUserByEmail(trx, input.email);
  if (!user) throw validationError(`email: no account for ${input.email}`);
  const token = `sabt_${randomBytes(32).toString("base64url")}`;
  const id = newId();
  const expires = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  await insertApiToken(trx, {
    id,
    user_id: user.id,
    name: input.name,
    token_hash: hashToken(token),
    scopes: JSON.stringify(input.scopes),
    expires_at: expires,
  });
  await recordAudit(trx, viewer, { action: "token.create", objectType: "api_token", objectId: id, details: { userId: user.id, scopes: input.scopes } });
  return { id, token };
}

/** The viewer an API token stands for, or undefined when it is unknown, revoked, expired or its user disabled. */
export async function viewerForToken(db: Db, token: string): Promise<Viewer | undefined> {
  const row = await findTokenByHash(db, hashToken(token));
  if (!row || row.disabled) return undefined;
  if (row.expires_at && row.expires_at.getTime() < Date.now()) return undefined;
  return Object.freeze({ kind: "user", userId: row.user_id, name: row.user_name, role: row.role as Role, scopes: row.scopes });
}
