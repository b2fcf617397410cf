/**
 * Test support for job handlers run without the engine: a job context as the engine gives one,
 * recording the progress the handler reports.
 * @internal
 */
import type { JobContext } from "../src/shared/job.ts";

/** A context for one attempt of job `jobId`; `reported` collects each progress report. */
export function testJobContext(jobId: string, signal: AbortSignal = new AbortController().signal): JobContext & { reported: [number, number | null][] } {
  const reported: [number, number | null][] = [];
  return {
    jobId,
    attempt: 1,
    signal,
    checkpoint: null,
    reported,
    saveCheckpoint: async () => {},
    reportProgress: async (done, total) => {
      reported.push([done, total]);
    },
  };
}
