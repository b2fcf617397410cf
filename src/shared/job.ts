/**
 * What a running job's handler receives from the durable job engine (src/jobs/). It is typed here,
 * in the per-file kit, so that a capability below jobs/ can write its `<name>.job.ts` handler
 * without importing the engine.
 */
export interface JobContext<Checkpoint = unknown> {
  /** The job's id (stable across attempts). */
  readonly jobId: string;
  /** 1 on the first claim, more after a failure or after a process died while holding the job. */
  readonly attempt: number;
  /**
   * Aborted when the job is cancelled, its lease was lost, or the process stops. A handler stops
   * between steps and rejects (`signal.throwIfAborted()`); a handler that resolves has succeeded.
   */
  readonly signal: AbortSignal;
  /** The checkpoint an earlier attempt saved, or null on a first run. */
  readonly checkpoint: Checkpoint | null;
  /**
   * Durably records the steps finished so far (and, optionally, progress), so that a re-run after
   * a crash continues from here instead of repeating them.
   */
  saveCheckpoint(checkpoint: Checkpoint, progress?: { done: number; total: number | null }): Promise<void>;
  /** Records progress only (shown by `sabt jobs` and the workspace jobs page). */
  reportProgress(done: number, total: number | null): Promise<void>;
}
