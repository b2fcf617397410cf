import type { ColumnType, JSONColumnType, Selectable } from "kysely";

type Timestamp = ColumnType<Date, string | Date | undefined, string | Date>;
type NullableTimestamp = ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;

/** What a session may do: finish the second factor, enroll one (when required), or everything. */
export type SessionStage = "second_factor" | "enroll" | "full";

/** A signed-in browser session; only the SHA-256 of its token is stored (ASVS 5.0 V7.2). */
export interface AppSessionTable {
  id_hash: string;
  user_id: string;
  stage: SessionStage;
  /** The pending WebAuthn challenge of this session, if a ceremony is under way. */
  challenge: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

/** A single-use recovery code, stored as its SHA-256 (ASVS 5.0 V6.5.2). */
export interface RecoveryCodeTable {
  code_hash: string;
  user_id: string;
  created_at: Timestamp;
  used_at: NullableTimestamp;
}

/** A registered WebAuthn authenticator (passkey or security key). */
export interface WebauthnCredentialTable {
  id: string;
  user_id: string;
  name: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: ColumnType<string, string | number | undefined, string | number>;
  transports: JSONColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
}

/** Failed sign-in counters per account and per address, persisted so a restart does not reset them. */
export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export type AppSessionRow = Selectable<AppSessionTable>;
export type RecoveryCodeRow = Selectable<RecoveryCodeTable>;
export type WebauthnCredentialRow = Selectable<WebauthnCredentialTable>;
export type AuthThrottleRow = Selectable<AuthThrottleTable>;
