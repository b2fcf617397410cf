/**
 * Test support for job handlers run without the engine: a job context as the engine gives one,
 * recording the progress and checkpoints the handler reports.
 * @internal
 */
import type { JobContext } from "../src/shared/job.ts";

/**
 * A context for one attempt of job `jobId`, resuming from `checkpoint` (what an earlier attempt
 * saved); `reported` collects each progress report and `saved` each checkpoint.
 */
export function testJobContext(
  jobId: string,
  signal: AbortSignal = new AbortController().signal,
  checkpoint: unknown = null,
): JobContext & { reported: [number, number | null][]; saved: unknown[] } {
  const reported: [number, number | null][] = [];
  const saved: unknown[] = [];
  return {
    jobId,
    attempt: checkpoint === null ? 1 : 2,
    signal,
    checkpoint,
    reported,
    saved,
    saveCheckpoint: async (c) => {
      saved.push(c);
    },
    reportProgress: async (done, total) => {
      reported.push([done, total]);
    },
  };
}
