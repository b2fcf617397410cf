/**
 * The state of the newest job behind a page's "run" form (a linkage run, an estimate), shown above
 * the form until the job has produced what the page lists: queued, running with its progress, or
 * failed with its error, with a link to the jobs page.
 */
import type { Job } from "../jobs/index.ts";
import type { Lang } from "../i18n/index.ts";
import { messages } from "./i18n.ts";
import { Notice } from "./layout.tsx";

/** A notice for a queued, running or failed job; nothing once it succeeded or was cancelled. */
export function JobStatus(p: { lang: Lang; job: Job; queued: string; running: string; failed: string }) {
  const { job } = p;
  const jobs = <a href={`/team/${p.lang}/jobs`}>{messages(p.lang).jobsNav}</a>;
  if (job.state === "queued") return <Notice kind="ok">{p.queued} {jobs}</Notice>;
  if (job.state === "running") {
    const done = job.progress?.done ?? 0;
    const total = job.progress?.total;
    return (
      <Notice kind="ok">
        {p.running}: {total ? <progress max={total} value={done} aria-label={p.running} /> : <progress aria-label={p.running} />} {jobs}
      </Notice>
    );
  }
  if (job.state === "failed") {
    return (
      <Notice kind="error">
        {p.failed} {job.lastError ?? ""} {jobs}
      </Notice>
    );
  }
  return null;
}
