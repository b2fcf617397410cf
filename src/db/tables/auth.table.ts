import type { ColumnType, JSONColumnType, Selectable } from "kysely";

/** A team member's account. */
export interface AppUserTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  disabled: boolean;
  created_at: ColumnType<Date, string | Date | undefined, never>;
  /** Set by an admin: the account may not work without a second factor (TOTP or WebAuthn). */
  require_second_factor: ColumnType<boolean, boolean | undefined, boolean>;
  /** The TOTP secret, sealed with the encryption key (never stored in plaintext). */
  totp_secret: string | null;
  totp_enabled_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  /** The last TOTP time step accepted, so a code is never accepted twice. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  password_changed_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
}

/** A scoped API token; only its SHA-256 is stored, the token itself is shown once. */
export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: JSONColumnType<string[], string, string>;
  created_at: ColumnType<Date, string | Date | undefined, never>;
  expires_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  last_used_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  revoked_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
}

export type AppUserRow = Selectable<AppUserTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;

/** An invitation to join the team; only the SHA-256 of its one-time link's token is stored. */
export interface InvitationTable {
  id: string;
  token_hash: string;
  email: string;
  name: string;
  role: string;
  /** The actor who invited (`user:<id>` or `system:…`), as in the audit log. */
  invited_by: string;
  created_at: ColumnType<Date, string | Date | undefined, never>;
  expires_at: ColumnType<Date, string | Date, string | Date>;
  used_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  revoked_at: ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
  /** The account created from it. */
  user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export type InvitationRow = Selectable<InvitationTable>;
