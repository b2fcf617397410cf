import type { ColumnType, Insertable, JSONColumnType, Selectable } from "kysely";

/** The hash-chained `audit_log`: each entry's hash commits to the previous entry's hash. */
export interface AuditLogTable {
  seq: ColumnType<string, number | string, never>;
  at: ColumnType<Date, string | Date, never>;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  details: JSONColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
