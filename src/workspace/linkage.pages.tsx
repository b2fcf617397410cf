/**
 * The linkage pages' markup (Hono JSX, escaped by default): the run form and summary, the review
 * queue with both records side by side and each field's weight, clusters and their history.
 * Every form carries the anti-CSRF token; no inline script or style (strict CSP).
 */
import { formatWhen } from "./i18n.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { keyString } from "../lists/index.ts";
import { listsMessages } from "./lists.i18n.ts";
import type { EventView, LinkageOverview, QueuedPair, RecordView } from "../lists/index.ts";
import type { Job } from "../jobs/index.ts";
import { JobStatus } from "./job-status.tsx";

const pct = (lang: Lang, p: number) => digits(lang, `${(p * 100).toFixed(1)}%`);
const num = (lang: Lang, x: number, places = 0) => digits(lang, x.toFixed(places));
const base = (lang: Lang) => `/team/${lang}/linkage`;
/** The path of a cluster's page. */
export const clusterHref = (lang: Lang, id: string) => `${base(lang)}/cluster?id=${encodeURIComponent(id)}`;

/** The run form and the latest run's counts. */
/** The latest run, the newest linkage job's state, and the form that queues a run. */
export function Overview(p: { lang: Lang; csrf: string; o: LinkageOverview; canReview: boolean; job?: Job | undefined }) {
  const t = listsMessages(p.lang);
  const r = p.o.run;
  const chosen = new Set(r?.list_ids ?? p.o.lists.map((l) => l.id));
  return (
    <>
      {p.job ? <JobStatus lang={p.lang} job={p.job} queued={t.runQueued} running={t.runRunning} failed={t.runFailed} /> : null}
      <section aria-labelledby="run-h">
        <h2 id="run-h">{t.lastRun}</h2>
        {r ? (
          <dl>
            <dt>{t.when}</dt>
            <dd>
              {formatWhen(p.lang, r.finished_at)} ({t.by} {r.actor})
            </dd>
            <dt>{t.records}</dt>
            <dd>{digits(p.lang, r.records)}</dd>
            <dt>{t.people}</dt>
            <dd>{digits(p.lang, p.o.members.clusters)}</dd>
            <dt>{t.linkedPeople}</dt>
            <dd>{digits(p.lang, p.o.members.multi)}</dd>
            <dt>{t.pairsScored}</dt>
            <dd>{digits(p.lang, r.pairs)}</dd>
            <dt>{t.queued}</dt>
            <dd>{digits(p.lang, r.queued)}</dd>
            <dt>{t.decisionsApplied}</dt>
            <dd>{digits(p.lang, r.decisions)}</dd>
          </dl>
        ) : (
          <p>{t.noRun}</p>
        )}
        <p>
          <a href={`${base(p.lang)}/clusters`}>{t.viewClusters}</a> · <a href={`${base(p.lang)}/history`}>{t.viewHistory}</a>
        </p>
      </section>
      {p.canReview ? (
        <section aria-labelledby="link-h">
          <h2 id="link-h">{t.runLinkage}</h2>
          <p>{t.runLinkageHelp}</p>
          <form method="post" action={`${base(p.lang)}/run`}>
            <CsrfField token={p.csrf} />
            <fieldset>
              <legend>{t.lists}</legend>
              {p.o.lists.map((l, i) => (
                <p>
                  <input id={`list-${i}`} type="checkbox" name="list" value={l.id} checked={chosen.has(l.id)} />{" "}
                  <label for={`list-${i}`} class="inline">
                    {l.label} ({digits(p.lang, l.records)})
                  </label>
                </p>
              ))}
            </fieldset>
            <label for="bandLow">{t.bandLow}</label>
            <input id="bandLow" name="bandLow" type="number" min="0.01" max="0.99" step="0.01" value={String(r?.band_low ?? 0.2)} />
            <label for="bandHigh">{t.bandHigh}</label>
            <input id="bandHigh" name="bandHigh" type="number" min="0.01" max="0.99" step="0.01" value={String(r?.band_high ?? 0.9)} />
            <p>
              <button type="submit">{t.runLinkage}</button>
            </p>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** Two records side by side, column by column. */
export function SideBySide(p: { lang: Lang; left: RecordView; right: RecordView; caption: string }) {
  const t = listsMessages(p.lang);
  const columns = [...new Set([...p.left.values, ...p.right.values].map((v) => v.column))];
  const cell = (r: RecordView, c: string) =>
    r.values
      .filter((v) => v.column === c)
      .map((v) => v.text)
      .join(" · ");
  return (
    <table>
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.column}</th>
          <th scope="col">
            {t.left}: {p.left.listLabel} <span class="mono">{p.left.key.record}</span>
          </th>
          <th scope="col">
            {t.right}: {p.right.listLabel} <span class="mono">{p.right.key.record}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr>
            <th scope="row">{c}</th>
            <td>{cell(p.left, c)}</td>
            <td>{cell(p.right, c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A pair's score explained: prior plus one weight per field. */
function Explanation(p: { lang: Lang; pair: QueuedPair }) {
  const t = listsMessages(p.lang);
  const e = p.pair.explanation;
  return (
    <table>
      <caption>
        {t.probability}: {pct(p.lang, p.pair.probability)}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.field}</th>
          <th scope="col">{t.level}</th>
          <th scope="col">{t.weight}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{t.prior}</th>
          <td></td>
          <td>{num(p.lang, e.priorWeight, 2)}</td>
        </tr>
        {e.fields.map((f) => (
          <tr>
            <th scope="row">{f.field}</th>
            <td>{f.level}</td>
            <td>{num(p.lang, f.weight, 2)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t.total}</th>
          <td></td>
          <td>{num(p.lang, e.matchWeight, 2)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** One page of the review queue, each pair with its decision form. */
export function Queue(p: { lang: Lang; csrf: string; pairs: readonly QueuedPair[]; total: number; page: number; perPage: number; canReview: boolean }) {
  const t = listsMessages(p.lang);
  const pages = Math.max(1, Math.ceil(p.total / p.perPage));
  return (
    <section aria-labelledby="queue-h">
      <h2 id="queue-h">
        {t.queue} ({digits(p.lang, p.total)} {t.pending})
      </h2>
      {p.pairs.length === 0 ? <p>{t.queueEmpty}</p> : null}
      {p.pairs.map((pair, i) => {
        const n = (p.page - 1) * p.perPage + i + 1;
        const together = pair.left.cluster !== undefined && pair.left.cluster === pair.right.cluster;
        return (
          <article class="group" aria-labelledby={`pair-${n}`}>
            <h3 id={`pair-${n}`}>
              {digits(p.lang, n)}. {pct(p.lang, pair.probability)}
            </h3>
            <div class="rivals">
              <SideBySide lang={p.lang} left={pair.left} right={pair.right} caption={`${t.left} / ${t.right}`} />
              <Explanation lang={p.lang} pair={pair} />
            </div>
            {together ? <p class="meta">{t.sameClusterNow} {t.rejectLater}</p> : null}
            {p.canReview ? (
              <form method="post" action={`${base(p.lang)}/decide`}>
                <CsrfField token={p.csrf} />
                <input type="hidden" name="left" value={keyString(pair.left.key)} />
                <input type="hidden" name="right" value={keyString(pair.right.key)} />
                <input type="hidden" name="page" value={String(p.page)} />
                <label for={`note-${n}`}>{t.note}</label>
                <input id={`note-${n}`} name="note" type="text" maxlength={2000} />
                <p>
                  <button type="submit" name="decision" value="match">
                    {t.same}
                  </button>{" "}
                  <button type="submit" name="decision" value="non-match" class="secondary">
                    {t.different}
                  </button>
                </p>
              </form>
            ) : null}
          </article>
        );
      })}
      <Pager lang={p.lang} page={p.page} pages={pages} href={(n) => `${base(p.lang)}?page=${n}`} />
    </section>
  );
}

/** Previous/next links. */
export function Pager(p: { lang: Lang; page: number; pages: number; href: (n: number) => string }) {
  const t = listsMessages(p.lang);
  if (p.pages <= 1) return null;
  return (
    <nav aria-label={t.page}>
      {p.page > 1 ? <a href={p.href(p.page - 1)}>{t.previous}</a> : null} {digits(p.lang, p.page)} / {digits(p.lang, p.pages)}{" "}
      {p.page < p.pages ? <a href={p.href(p.page + 1)}>{t.next}</a> : null}
    </nav>
  );
}

/** Review history, each event with a revert form while it can be reverted. */
export function History(p: { lang: Lang; csrf: string; events: readonly EventView[]; canReview: boolean; back: string }) {
  const t = listsMessages(p.lang);
  if (p.events.length === 0) return <p>{t.noHistory}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.when}</th>
          <th scope="col">{t.history}</th>
          <th scope="col">{t.clusters}</th>
          <th scope="col">{t.revert}</th>
        </tr>
      </thead>
      <tbody>
        {p.events.map((e) => (
          <tr>
            <td>{formatWhen(p.lang, e.createdAt)}</td>
            <td>
              {e.actor} {t[`kind_${e.kind}`]} (#{digits(p.lang, e.id)}
              {e.reverts ? ` ${t.reverts} #${digits(p.lang, e.reverts)}` : ""}); {digits(p.lang, e.moves.length)} {t.moved}
              {e.note ? <p class="meta">{e.note}</p> : null}
            </td>
            <td>
              {e.clusters.slice(0, 6).map((c) => (
                <>
                  <a href={clusterHref(p.lang, c)} class="mono">
                    {c.slice(c.indexOf(":") + 1)}
                  </a>{" "}
                </>
              ))}
            </td>
            <td>
              {e.reverted ? (
                t.reverted
              ) : p.canReview && e.kind !== "revert" ? (
                <form method="post" action={`${base(p.lang)}/revert`}>
                  <CsrfField token={p.csrf} />
                  <input type="hidden" name="eventId" value={e.id} />
                  <input type="hidden" name="back" value={p.back} />
                  <button type="submit" class="secondary" aria-label={`${t.revert} #${e.id}`}>
                    {t.revert}
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A cluster: its members side by side with unmerge forms, a merge form, and its history. */
export function ClusterView(p: { lang: Lang; csrf: string; id: string; members: readonly RecordView[]; events: readonly EventView[]; canReview: boolean }) {
  const t = listsMessages(p.lang);
  const columns = [...new Set(p.members.flatMap((m) => m.values.map((v) => v.column)))];
  return (
    <>
      <p class="mono">{p.id}</p>
      {p.members.length === 0 ? <Notice kind="ok">{t.noHistory}</Notice> : null}
      <table>
        <caption>{t.members}</caption>
        <thead>
          <tr>
            <th scope="col">{t.column}</th>
            {p.members.map((m) => (
              <th scope="col">
                {m.listLabel} <span class="mono">{m.key.record}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr>
              <th scope="row">{c}</th>
              {p.members.map((m) => (
                <td>
                  {m.values
                    .filter((v) => v.column === c)
                    .map((v) => v.text)
                    .join(" · ")}
                </td>
              ))}
            </tr>
          ))}
          {p.canReview && p.members.length > 1 ? (
            <tr>
              <th scope="row">{t.unmerge}</th>
              {p.members.map((m, i) => (
                <td>
                  <form method="post" action={`${base(p.lang)}/unmerge`}>
                    <CsrfField token={p.csrf} />
                    <input type="hidden" name="record" value={keyString(m.key)} />
                    <label for={`why-${i}`}>{t.reason}</label>
                    <input id={`why-${i}`} name="note" type="text" maxlength={2000} />
                    <button type="submit" class="secondary">
                      {t.unmerge}
                    </button>
                  </form>
                </td>
              ))}
            </tr>
          ) : null}
        </tbody>
      </table>
      {p.canReview && p.members.length > 0 ? (
        <section aria-labelledby="merge-h">
          <h2 id="merge-h">{t.mergeWith}</h2>
          <form method="post" action={`${base(p.lang)}/merge`}>
            <CsrfField token={p.csrf} />
            <input type="hidden" name="a" value={p.id} />
            <label for="b">{t.otherCluster}</label>
            <input id="b" name="b" type="text" required maxlength={800} />
            <label for="merge-note">{t.reason}</label>
            <input id="merge-note" name="note" type="text" maxlength={2000} />
            <p>
              <button type="submit">{t.merge}</button>
            </p>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="hist-h">
        <h2 id="hist-h">{t.history}</h2>
        <History lang={p.lang} csrf={p.csrf} events={p.events} canReview={p.canReview} back={clusterHref(p.lang, p.id)} />
      </section>
    </>
  );
}

/** Clusters of more than one record, with a form to find the cluster of any record. */
export function ClusterList(p: { lang: Lang; clusters: readonly { cluster_id: string; size: number }[]; page: number; hasMore: boolean }) {
  const t = listsMessages(p.lang);
  return (
    <>
      <form method="get" action={`${base(p.lang)}/cluster`}>
        <label for="record">{t.record}</label>
        <input id="record" name="record" type="text" required maxlength={800} />{" "}
        <button type="submit">{t.find}</button>
      </form>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.cluster}</th>
            <th scope="col">{t.size}</th>
          </tr>
        </thead>
        <tbody>
          {p.clusters.map((c) => (
            <tr>
              <td>
                <a href={clusterHref(p.lang, c.cluster_id)} class="mono">
                  {c.cluster_id}
                </a>
              </td>
              <td>{digits(p.lang, c.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager lang={p.lang} page={p.page} pages={p.hasMore ? p.page + 1 : p.page} href={(n) => `${base(p.lang)}/clusters?page=${n}`} />
    </>
  );
}
