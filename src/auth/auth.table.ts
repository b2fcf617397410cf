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
