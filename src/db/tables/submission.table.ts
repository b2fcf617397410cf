import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, string | Date | undefined, string | Date>;

/** What a submission is about. */
export type SubmissionKind = "correction" | "missing" | "testimony";
/** Where a submission is in the team's work; the receipt page shows only this. */
export type SubmissionState = "received" | "in_review" | "used" | "declined";

/**
 * A submission from the public form. `sealed` holds everything the sender wrote (text, name,
 * contact details) encrypted; the receipt code is stored only as its SHA-256.
 */
export interface SubmissionTable {
  id: string;
  receipt_hash: string;
  kind: SubmissionKind;
  state: ColumnType<SubmissionState, SubmissionState | undefined, SubmissionState>;
  lang: string;
  /** The public record the submission is about, when it came from a record's page. */
  entity_id: string | null;
  /** Whether the sender agreed to be named as the source. */
  consent: "named" | "anonymous";
  sealed: string;
  /** The source entity an editor made from it. */
  source_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A file sent with a submission: an archive item (stored confidential). */
export interface SubmissionFileTable {
  submission_id: string;
  item_id: string;
  position: number;
}

/** Form-post counters per keyed address hash and globally, each until its window ends. */
export interface SubmissionThrottleTable {
  key: string;
  count: number;
  expires_at: Timestamp;
}

export type SubmissionRow = Selectable<SubmissionTable>;
export type NewSubmissionRow = Insertable<SubmissionTable>;
export type SubmissionUpdate = Updateable<SubmissionTable>;
export type SubmissionFileRow = Selectable<SubmissionFileTable>;
