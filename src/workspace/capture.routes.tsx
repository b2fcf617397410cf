/**
 * The evidence page (`/team/{lang}/evidence`): capture a web page by its address, as a durable job
 * run by the server or `sabt worker` (the browser never runs inside a request), and follow the
 * newest captures to the items they stored.
 */
import { CAPTURE, CaptureJobPayload, requestCapture } from "../archive/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { enqueueJob, listJobs, type Job } from "../jobs/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { can } from "../shared/policy.ts";
import { evidencePath } from "./evidence.routes.tsx";
import { formatWhen, messages } from "./i18n.ts";
import { CsrfField } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** How many captures the page lists. */
const RECENT = 20;

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

async function evidencePage(c: Ctx, deps: AppDeps, form: { url: string; error?: string } = { url: "" }, status: 200 | 400 = 200): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = messages(lang);
  const mayCapture = can(viewer, "create");
  // Capture jobs name the addresses members asked for: read-only viewers do not see them.
  const jobs = viewer.kind === "user" && viewer.role !== "viewer" ? await listJobs(deps.db, { kinds: [CAPTURE.kind], limit: RECENT }) : [];
  return page(
    c,
    deps,
    t.evidence,
    <>
      <h1>{t.evidence}</h1>
      {mayCapture ? (
        <section aria-labelledby="capture-h">
          <h2 id="capture-h">{t.captureTitle}</h2>
          <p>{t.captureHelp}</p>
          <CaptureForm lang={lang} csrf={pageCsrf(c, deps)} url={form.url} error={form.error} />
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
    </>,
    status,
  );
}

/** POST /team/{lang}/evidence/capture: queues the capture; a bad address is shown beside the field. */
async function postCapture(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const url = field(await c.req.parseBody(), "url");
  let payload;
  try {
    payload = requestCapture(viewer, url);
  } catch (e) {
    if (isSabtError(e) && e.id === "validation_failed") {
      return evidencePage(c, deps, { url, error: messages(langOf(c)).captureBadUrl }, 400);
    }
    throw e;
  }
  await enqueueJob(deps.db, CAPTURE, payload, viewer.kind === "user" ? { createdBy: `user:${viewer.userId}` } : {});
  return c.redirect(`/team/${langOf(c)}/evidence`, 303);
}

/** Registers the evidence page and its capture form. */
export function registerCapturePages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/evidence`,
    guarded(deps, (c) => evidencePage(c, deps)),
  );
  app.post(
    `${L}/evidence/capture`,
    guarded(deps, (c) => postCapture(c, deps)),
  );
}
