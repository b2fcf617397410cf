/**
 * The jobs page (`/team/{lang}/jobs`): the newest background jobs (captures, linkage runs,
 * scheduled backups, re-verification, session purges) with their state, a progress bar, attempts
 * and the last error. Payloads and results are not shown: they may name people or addresses, and
 * each capability shows its own outcome on its own page.
 */
import type { App, AppDeps } from "../http/index.ts";
import { listJobs, type Job } from "../jobs/index.ts";
import { forbidden } from "../shared/errors.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { formatWhen, messages } from "./i18n.ts";
import { JobProgress } from "./job-status.tsx";
import { guarded, langOf, page, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** How many jobs the page lists. */
const PAGE_SIZE = 100;

function when(lang: Lang, iso: string | null): string {
  return iso ? formatWhen(lang, new Date(iso)) : "—";
}

function JobRow(p: { lang: Lang; job: Job }) {
  const t = messages(p.lang);
  const { job } = p;
  return (
    <tr>
      <td class="mono">{job.kind}</td>
      <td>
        <span class={`badge job-${job.state}`}>{t[`job_${job.state}`]}</span>
        {job.cancelRequested && job.state === "running" ? ` (${t.jobCancelRequested})` : null}
      </td>
      <td>
        <JobProgress lang={p.lang} job={job} />
      </td>
      <td>{`${digits(p.lang, String(job.attempts))} / ${digits(p.lang, String(job.maxAttempts))}`}</td>
      <td>{when(p.lang, job.createdAt)}</td>
      <td>{when(p.lang, job.finishedAt)}</td>
      <td>{job.lastError ? <span class="error">{job.lastError}</span> : null}</td>
    </tr>
  );
}

/** GET /team/{lang}/jobs: members other than read-only viewers see the newest jobs. */
async function jobsPage(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  if (viewer.role === "viewer") throw forbidden();
  const lang = langOf(c);
  const t = messages(lang);
  const jobs = await listJobs(deps.db, { limit: PAGE_SIZE });
  return page(
    c,
    deps,
    t.jobsTitle,
    <>
      <h1>{t.jobsTitle}</h1>
      <p>{t.jobsHelp}</p>
      <p>
        <a href={`/team/${lang}/jobs`}>{t.refresh}</a>
      </p>
      {jobs.length === 0 ? (
        <p>{t.noJobs}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.jobKind}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.jobProgress}</th>
              <th scope="col">{t.jobAttempts}</th>
              <th scope="col">{t.created}</th>
              <th scope="col">{t.jobFinished}</th>
              <th scope="col">{t.jobError}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow lang={lang} job={job} />
            ))}
          </tbody>
        </table>
      )}
    </>,
  );
}

/** Registers the jobs page. */
export function registerJobPages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/jobs`,
    guarded(deps, (c) => jobsPage(c, deps)),
  );
}
