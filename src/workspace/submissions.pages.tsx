/**
 * The team's pages over the public form's submissions: the queue by state, and one submission with
 * its text, files and the sender's details (only for roles that may read confidential data), the
 * state form and the action that makes it a source.
 */
import type { SubmissionState } from "../db/index.ts";
import { digits, formatBytes, formatWhen, type Lang } from "../i18n/index.ts";
import { SUBMISSION_STATES, type SubmissionSummary, type SubmissionView } from "../submissions/index.ts";
import type { Labels } from "./claim.view.tsx";
import { evidencePath } from "./evidence.routes.tsx";
import { CsrfField, Notice } from "./layout.tsx";
import { Pager } from "./linkage.pages.tsx";
import { submissionsText } from "./submissions.i18n.ts";

/** The path of one submission's page. */
export const submissionPath = (lang: Lang, id: string) => `/team/${lang}/submissions/${encodeURIComponent(id)}`;

function About(p: { lang: Lang; entityId: string | null; labels: Labels }) {
  if (!p.entityId) return null;
  const label = p.labels.get(p.entityId)?.label ?? p.entityId;
  return <a href={`/team/${p.lang}/entities/${encodeURIComponent(p.entityId)}`}>{label}</a>;
}

/** The queue: tabs per state with their counts, then the submissions in the chosen state. */
export function SubmissionsQueuePage(p: { lang: Lang; state: SubmissionState; items: readonly SubmissionSummary[]; counts: ReadonlyMap<SubmissionState, number>; labels: Labels; page: number; pages: number }) {
  const t = submissionsText(p.lang);
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <nav aria-label={t.state}>
        <ul class="tabs">
          {SUBMISSION_STATES.map((s) => (
            <li>
              <a href={`/team/${p.lang}/submissions?state=${s}`} aria-current={s === p.state ? "page" : undefined}>
                {`${t[s]} (${digits(p.lang, String(p.counts.get(s) ?? 0))})`}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.items.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.receivedAt}</th>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.about}</th>
              <th scope="col">{t.files}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((s) => (
              <tr>
                <td>
                  <a href={submissionPath(p.lang, s.id)}>{formatWhen(p.lang, s.createdAt)}</a>
                </td>
                <td>{t[`kind_${s.kind}`]}</td>
                <td>
                  <About lang={p.lang} entityId={s.entityId} labels={p.labels} />
                </td>
                <td>{digits(p.lang, String(s.files))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager lang={p.lang} page={p.page} pages={p.pages} href={(n) => `/team/${p.lang}/submissions?state=${p.state}&page=${n}`} />
    </>
  );
}

function Content(p: { lang: Lang; s: SubmissionView }) {
  const t = submissionsText(p.lang);
  const c = p.s.content;
  if (!c) return <Notice kind="error">{t.sealed}</Notice>;
  return (
    <>
      <h2>{t.text}</h2>
      {c.about ? <p>{`${t.about}: ${c.about}`}</p> : null}
      <pre class="submission-text">{c.text}</pre>
      <dl>
        <dt>{t.name}</dt>
        <dd>{c.name ?? t.none}</dd>
        <dt>{t.contact}</dt>
        <dd>{c.contact ?? t.none}</dd>
      </dl>
      <h2>{t.files}</h2>
      {p.s.fileList.length === 0 ? (
        <p>{t.noFiles}</p>
      ) : (
        <ul>
          {p.s.fileList.map((f) => (
            <li>
              <a href={evidencePath(p.lang, f.id)}>{f.filename ?? f.id}</a> <span class="meta">{`${f.mediaType} · ${formatBytes(p.lang, f.size)}`}</span>
              {Array.isArray(f.hazards) && f.hazards.length > 0 ? <span class="meta">{` · ${t.hazards}: ${f.hazards.join(", ")}`}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Actions(p: { lang: Lang; csrf: string; s: SubmissionView; canEdit: boolean; labels: Labels }) {
  const t = submissionsText(p.lang);
  const base = submissionPath(p.lang, p.s.id);
  return (
    <>
      {p.s.sourceId ? (
        <p>
          {`${t.source}: `}
          <About lang={p.lang} entityId={p.s.sourceId} labels={p.labels} />
        </p>
      ) : null}
      {p.canEdit ? (
        <form method="post" action={`${base}/state`}>
          <CsrfField token={p.csrf} />
          <label for="state">{t.setState}</label>
          <select id="state" name="state">
            {SUBMISSION_STATES.map((s) => (
              <option value={s} selected={s === p.s.state}>
                {t[s]}
              </option>
            ))}
          </select>
          <button type="submit">{t.save}</button>
        </form>
      ) : null}
      {p.canEdit && p.s.content && !p.s.sourceId ? (
        <form method="post" action={`${base}/source`}>
          <CsrfField token={p.csrf} />
          <p>{t.makeSourceHelp}</p>
          <button type="submit">{t.makeSource}</button>
        </form>
      ) : null}
    </>
  );
}

/** One submission. */
export function SubmissionPage(p: { lang: Lang; csrf: string; s: SubmissionView; labels: Labels; canEdit: boolean; notice?: string | undefined }) {
  const t = submissionsText(p.lang);
  const s = p.s;
  return (
    <>
      <p>
        <a href={`/team/${p.lang}/submissions?state=${s.state}`}>{t.title}</a>
      </p>
      <h1>{`${t[`kind_${s.kind}`]} · ${formatWhen(p.lang, s.createdAt)}`}</h1>
      {p.notice ? <Notice kind="ok">{p.notice}</Notice> : null}
      <dl>
        <dt>{t.state}</dt>
        <dd>{t[s.state]}</dd>
        <dt>{t.consent}</dt>
        <dd>{t[`consent_${s.consent}`]}</dd>
        <dt>{t.lang}</dt>
        <dd>{s.lang}</dd>
        {s.entityId ? (
          <>
            <dt>{t.aboutRecord}</dt>
            <dd>
              <About lang={p.lang} entityId={s.entityId} labels={p.labels} />
            </dd>
          </>
        ) : null}
      </dl>
      <Content lang={p.lang} s={s} />
      <Actions lang={p.lang} csrf={p.csrf} s={s} canEdit={p.canEdit} labels={p.labels} />
    </>
  );
}
