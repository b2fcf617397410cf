import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

/** Where a record, or a change to it, stands under the four-eyes rule. */
export type ReviewState = "pending" | "approved" | "rejected";

type Timestamp = ColumnType<Date, string | Date | undefined, string | Date>;
type NullableTimestamp = ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;

/**
 * The review queue (migration 0013): a new public record, a record that becomes public, or a
 * proposed change to a public one (`change`), waiting for a second member's decision.
 */
export interface ReviewRequestTable {
  id: string;
  kind: "claim" | "entity";
  object_id: string;
  /** The record the request belongs to (the claim's entity, or the entity itself), to list a record's requests. */
  entity_id: string;
  state: ReviewState;
  change: ColumnType<unknown, string | null | undefined, string | null>;
  base_version: number;
  authors: ColumnType<string[], string[], string[]>;
  assigned_to: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ReviewRequestRow = Selectable<ReviewRequestTable>;
export type NewReviewRequestRow = Insertable<ReviewRequestTable>;
export type ReviewRequestUpdate = Updateable<ReviewRequestTable>;
