/**
 * The queue of list cells Sabt could not read: each cell with its list, row, column, the text as
 * the list wrote it and why it could not be read, and the forms to add its value or dismiss it.
 */
import type { UnparsedCell } from "../imports/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { unparsedText } from "./unparsed.i18n.ts";

/** Everything the queue page shows. */
export interface UnparsedPageProps {
  lang: Lang;
  csrf: string;
  cells: readonly UnparsedCell[];
  total: number;
  page: number;
  perPage: number;
  listId?: string | undefined;
  notice?: "resolved" | "pending" | "dismissed" | undefined;
}

/** The query string of a queue page (the list filter and the page number). */
export function unparsedQuery(listId: string | undefined, page: number): string {
  const q = new URLSearchParams();
  if (listId) q.set("list", listId);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

function Cell(p: UnparsedPageProps & { cell: UnparsedCell }) {
  const t = unparsedText(p.lang);
  const c = p.cell;
  const base = `/team/${p.lang}/unparsed/${encodeURIComponent(c.claimId)}`;
  const back = unparsedQuery(p.listId, p.page);
  const valueId = `value-${c.claimId}`;
  const visId = `vis-${c.claimId}`;
  const reasonId = `reason-${c.claimId}`;
  // A confidential cell's value stays confidential; any other may be given any visibility (a
  // member's public value waits for review).
  const choices = c.visibility === "confidential" ? (["confidential"] as const) : (["team", "public", "confidential"] as const);
  return (
    <li id={`cell-${c.claimId}`}>
      <dl>
        <dt>{t.list}</dt>
        <dd>
          <a href={`/team/${p.lang}/unparsed${unparsedQuery(c.listId, 1)}`}>{c.listLabel}</a>
        </dd>
        <dt>{t.row}</dt>
        {/* Identifiers keep Latin digits on Persian pages. */}
        <dd dir="ltr">{c.row === undefined ? "" : String(c.row)}</dd>
        <dt>{t.record}</dt>
        <dd dir="ltr">{c.recordId}</dd>
        <dt>{t.person}</dt>
        <dd>
          <a href={`/team/${p.lang}/entities/${encodeURIComponent(c.personId)}`}>{c.personLabel}</a>
        </dd>
        <dt>{t.column}</dt>
        <dd dir="ltr">{c.column}</dd>
        <dt>{t.rawText}</dt>
        <dd>
          <bdi>{c.rawText}</bdi>
        </dd>
        <dt>{t.message}</dt>
        <dd dir="ltr">{c.message}</dd>
      </dl>
      <form method="post" action={`${base}/resolve${back}`}>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="version" value={String(c.version)} />
        <label for={valueId}>{t.value}</label>
        <input id={valueId} name="value" type="text" required maxlength={5000} value={c.rawText} />
        <label for={visId}>{t.visibility}</label>
        <select id={visId} name="visibility">
          {choices.map((v) => (
            <option value={v} selected={v === c.visibility}>
              {t[v]}
            </option>
          ))}
        </select>
        <button type="submit">{t.resolve}</button>
      </form>
      <form method="post" action={`${base}/dismiss${back}`}>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="version" value={String(c.version)} />
        <label for={reasonId}>{t.reason}</label>
        <input id={reasonId} name="reason" type="text" maxlength={1000} />
        <button type="submit">{t.dismiss}</button>
      </form>
    </li>
  );
}

/** The queue page. */
export function UnparsedQueuePage(p: UnparsedPageProps) {
  const t = unparsedText(p.lang);
  const pages = Math.max(1, Math.ceil(p.total / p.perPage));
  return (
    <>
      <p>{t.intro}</p>
      {p.notice ? <Notice kind="ok">{p.notice === "resolved" ? t.resolved : p.notice === "pending" ? t.resolvedPending : t.dismissed}</Notice> : null}
      {p.listId ? (
        <p>
          <a href={`/team/${p.lang}/unparsed`}>{t.allLists}</a>
        </p>
      ) : null}
      <p>
        {t.total}: {digits(p.lang, p.total)}
      </p>
      {p.cells.length === 0 ? <p>{t.empty}</p> : <ol class="unparsed-list">{p.cells.map((cell) => <Cell {...p} cell={cell} />)}</ol>}
      {pages > 1 ? (
        <nav aria-label={t.title}>
          {p.page > 1 ? <a href={`/team/${p.lang}/unparsed${unparsedQuery(p.listId, p.page - 1)}`}>{t.previous}</a> : null}{" "}
          {p.page < pages ? <a href={`/team/${p.lang}/unparsed${unparsedQuery(p.listId, p.page + 1)}`}>{t.next}</a> : null}
        </nav>
      ) : null}
    </>
  );
}
