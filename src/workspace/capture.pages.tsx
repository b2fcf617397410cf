/**
 * The web-capture part of the evidence page: the address field and the newest capture jobs with
 * links to the items they stored.
 */
import { CaptureJobPayload } from "../archive/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import type { Job } from "../jobs/index.ts";
import { evidencePath } from "./evidence.routes.tsx";
import { formatWhen, messages } from "./i18n.ts";
import { CsrfField } from "./layout.tsx";

/** The item a finished capture stored, read from its result (jobs keep results as JSON). */
function capturedItemId(job: Job): string | undefined {
  const r = job.result as { itemId?: unknown } | null;
  return r && typeof r.itemId === "string" ? r.itemId : undefined;
}

function CaptureRow(p: { lang: Lang; job: Job }) {
  const t = messages(p.lang);
  const { job } = p;
  const payload = CaptureJobPayload.safeParse(job.payload);
  const itemId = capturedItemId(job);
  return (
    <tr>
      <td class="mono" dir="ltr">
        {payload.success ? payload.data.url : "—"}
      </td>
      <td>
        <span class={`badge job-${job.state}`}>{t[`job_${job.state}`]}</span>
      </td>
      <td>{formatWhen(p.lang, new Date(job.createdAt))}</td>
      <td>
        {itemId ? <a href={evidencePath(p.lang, itemId)}>{t.openCapture}</a> : null}
        {job.lastError ? <span class="error">{job.lastError}</span> : null}
      </td>
    </tr>
  );
}

function CaptureForm(p: { lang: Lang; csrf: string; url: string; error?: string | undefined }) {
  const t = messages(p.lang);
  return (
    <form method="post" action={`/team/${p.lang}/evidence/capture`}>
      <CsrfField token={p.csrf} />
      <label for="capture-url">{t.captureUrl}</label>
      <input id="capture-url" name="url" type="url" dir="ltr" required value={p.url} aria-invalid={p.error ? "true" : undefined} aria-describedby={p.error ? "capture-url-error" : undefined} />
      {p.error ? (
        <p id="capture-url-error" class="error">
          {p.error}
        </p>
      ) : null}
      <p>
        <button type="submit">{t.captureSubmit}</button>
      </p>
    </form>
  );
}

/** The capture form (for members who may add evidence) and the recent captures. */
export function CaptureSection(p: { lang: Lang; csrf: string; mayCapture: boolean; jobs: Job[]; url: string; error?: string | undefined }) {
  const t = messages(p.lang);
  const { lang, jobs } = p;
  return (
    <>
      {p.mayCapture ? (
        <section aria-labelledby="capture-h">
          <h2 id="capture-h">{t.captureTitle}</h2>
          <p>{t.captureHelp}</p>
          <CaptureForm lang={lang} csrf={p.csrf} url={p.url} error={p.error} />
        </section>
      ) : null}
      {jobs.length > 0 ? (
        <section aria-labelledby="captures-h">
          <h2 id="captures-h">{t.recentCaptures}</h2>
          <p>
            {digits(lang, String(jobs.length))} · <a href={`/team/${lang}/jobs`}>{t.jobsNav}</a> · <a href={`/team/${lang}/evidence`}>{t.refresh}</a>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.captureUrl}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.created}</th>
                <th scope="col">{t.evidenceItem}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <CaptureRow lang={lang} job={job} />
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
