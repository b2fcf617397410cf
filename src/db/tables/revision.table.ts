import type { ColumnType, Insertable, JSONColumnType, Selectable } from "kysely";

/**
 * The append-only `revision` table: a full snapshot of every version of every entity and claim.
 * Rows are only ever inserted; a trigger refuses UPDATE and DELETE.
 */
export interface RevisionTable {
  object_type: string;
  object_id: string;
  version: number;
  action: string;
  snapshot: JSONColumnType<Record<string, unknown>, string, never>;
  author: string;
  reason: string | null;
  created_at: ColumnType<Date, string | Date | undefined, never>;
}

export type RevisionRow = Selectable<RevisionTable>;
export type NewRevisionRow = Insertable<RevisionTable>;
