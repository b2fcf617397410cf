import { type Kysely, sql } from "kysely";

/**
 * Durable jobs (src/jobs/): long and scheduled work stored in the database so that any process
 * (`sabt serve`, `sabt worker`) can claim it with `FOR UPDATE SKIP LOCKED`, and a job whose
 * process died is claimed again once its lease runs out. `checkpoint` is the job's own record of
 * the steps it has finished, so a re-run continues instead of repeating them. A scheduled run is
 * one row per (kind, schedule_slot): the unique index makes it run once across every process.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE job (
      id text PRIMARY KEY,
      kind text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
      run_at timestamptz NOT NULL DEFAULT now(),
      locked_by text,
      locked_until timestamptz,
      cancel_requested boolean NOT NULL DEFAULT false,
      checkpoint jsonb,
      progress_done integer,
      progress_total integer,
      result jsonb,
      last_error text,
      schedule_slot timestamptz,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The claim query: due queued jobs and running jobs whose lease ran out, oldest first.
  await sql`CREATE INDEX job_claim_idx ON job (kind, run_at) WHERE state IN ('queued', 'running')`.execute(db);
  await sql`CREATE INDEX job_created_idx ON job (created_at DESC)`.execute(db);
  await sql`CREATE UNIQUE INDEX job_schedule_slot_idx ON job (kind, schedule_slot) WHERE schedule_slot IS NOT NULL`.execute(db);
}

/** Drops the job table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE job`.execute(db);
}
