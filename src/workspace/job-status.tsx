/**
 * The state of the newest job behind a page's "run" form (a linkage run, an estimate), shown above
 * the form until the job has produced what the page lists: queued, running with its progress, or
 * failed with its error, with a link to the jobs page.
 */
import type { Job } from "../jobs/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { messages } from "./i18n.ts";
import { Notice } from "./layout.tsx";

/** A job's progress bar with its figures (indeterminate while the job does not know its size). */
export function JobProgress(p: { lang: Lang; job: Job }) {
  const { progress } = p.job;
  if (!progress) return <span>—</span>;
  const label = progress.total === null ? digits(p.lang, String(progress.done)) : `${digits(p.lang, String(progress.done))} / ${digits(p.lang, String(progress.total))}`;
  // Without a total the bar is indeterminate (no value attribute), as the job does not know its size.
  return (
    <>
      {progress.total === null ? <progress aria-label={label} /> : <progress max={progress.total} value={progress.done} aria-label={label} />} <span class="mono">{label}</span>
    </>
  );
}

/** A notice for a queued, running or failed job; nothing once it succeeded or was cancelled. */
export function JobStatus(p: { lang: Lang; job: Job; queued: string; running: string; failed: string }) {
  const { job } = p;
  const jobs = <a href={`/team/${p.lang}/jobs`}>{messages(p.lang).jobsNav}</a>;
  if (job.state === "queued") return <Notice kind="ok">{p.queued} {jobs}</Notice>;
  if (job.state === "running") {
    return (
      <Notice kind="ok">
        {p.running}: <JobProgress lang={p.lang} job={job} /> {jobs}
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
