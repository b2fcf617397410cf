import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, string | Date | undefined, string | Date>;
type NullableTimestamp = ColumnType<Date | null, string | Date | null | undefined, string | Date | null>;
/** A jsonb column read as parsed JSON and written as a JSON string. */
type Json = ColumnType<unknown, string | undefined, string>;
type NullableJson = ColumnType<unknown, string | null | undefined, string | null>;

/** Where a job is in its life. */
export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** A durable job (src/jobs/): one unit of long or scheduled work, claimed by one process at a time. */
export interface JobTable {
  id: string;
  kind: string;
  payload: Json;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  /** Claims so far (a claim after a lease ran out counts too). */
  attempts: ColumnType<number, number | undefined, number>;
  max_attempts: ColumnType<number, number | undefined, number>;
  /** When a queued job may be claimed (later after a failure: the backoff). */
  run_at: Timestamp;
  /** The runner holding the job, and until when its lease holds without a heartbeat. */
  locked_by: string | null;
  locked_until: NullableTimestamp;
  cancel_requested: ColumnType<boolean, boolean | undefined, boolean>;
  /** The job's own record of its finished steps, so a re-run does not repeat them. */
  checkpoint: NullableJson;
  progress_done: number | null;
  progress_total: number | null;
  result: NullableJson;
  last_error: string | null;
  /** For a scheduled run: the start of its slot (unique per kind, so it runs once). */
  schedule_slot: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  updated_at: Timestamp;
}

export type JobRow = Selectable<JobTable>;
export type NewJobRow = Insertable<JobTable>;
export type JobUpdate = Updateable<JobTable>;
