import type { App, AppDeps } from "../http/index.ts";
import { listEntities } from "../entities/index.ts";
import { findImportRuns, runPersonImport, type ImportReport } from "../imports/index.ts";
import { validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { formatWhen, messages } from "./i18n.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember } from "./workspace.context.ts";
import { unparsedText } from "./unparsed.i18n.ts";

const L = "/team/:lang{(?:fa|en)}";
/** Largest CSV the workspace accepts in one upload (bigger lists go through `sabt import persons`). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

function ImportForm(p: { lang: Lang; csrf: string; listName?: string; keepUnparsed?: boolean }) {
  const t = messages(p.lang);
  return (
    <form method="post" action={`/team/${p.lang}/import`} enctype="multipart/form-data">
      <CsrfField token={p.csrf} />
      <label for="listName">{t.listName}</label>
      <input id="listName" name="listName" type="text" required maxlength={300} value={p.listName ?? ""} />
      <label for="file">{t.importFile}</label>
      <input id="file" name="file" type="file" accept=".csv,text/csv" required />
      <p>
        <input id="keepUnparsed" name="keepUnparsed" type="checkbox" checked={p.keepUnparsed ?? false} />{" "}
        <label for="keepUnparsed" class="inline">
          {unparsedText(p.lang).keepUnparsed}
        </label>
      </p>
      <p>
        <input id="dryRun" name="dryRun" type="checkbox" checked />{" "}
        <label for="dryRun" class="inline">
          {t.dryRun}
        </label>
      </p>
      <p>
        <button type="submit">{t.runImport}</button>
      </p>
    </form>
  );
}

/** The cells kept as text (or, refused, that could be kept), with a link to the queue where they are resolved. */
function UnreadCells(p: { lang: Lang; report: ImportReport; listId: string | undefined; dryRun: boolean }) {
  const u = unparsedText(p.lang);
  const t = messages(p.lang);
  if (p.report.keepable) return <p>{u.keepableHint}</p>;
  const cells = p.report.unparsed ?? [];
  if (cells.length === 0) return null;
  return (
    <section aria-labelledby="unread-h">
      <h3 id="unread-h">{u.keptCells}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.row}</th>
            <th scope="col">{t.column}</th>
            <th scope="col">{t.message}</th>
          </tr>
        </thead>
        <tbody>
          {cells.slice(0, 1000).map((e) => (
            <tr>
              <td>{digits(p.lang, e.row)}</td>
              <td>{e.column}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.listId && !p.dryRun ? (
        <p>
          <a href={`/team/${p.lang}/unparsed?list=${encodeURIComponent(p.listId)}`}>{u.title}</a>
        </p>
      ) : null}
    </section>
  );
}

function Report(p: { lang: Lang; report: ImportReport; dryRun: boolean; fileName: string; listId?: string | undefined }) {
  const t = messages(p.lang);
  const r = p.report;
  return (
    <section aria-labelledby="report-h">
      <h2 id="report-h">{p.fileName}</h2>
      {r.errors.length > 0 ? (
        <>
          <Notice kind="error">{t.importErrors}</Notice>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.row}</th>
                <th scope="col">{t.column}</th>
                <th scope="col">{t.message}</th>
              </tr>
            </thead>
            <tbody>
              {r.errors.slice(0, 1000).map((e) => (
                <tr>
                  <td>{digits(p.lang, e.row)}</td>
                  <td>{e.column}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <Notice kind="ok">{p.dryRun ? t.dryRunOk : t.importDone}</Notice>
      )}
      <dl>
        <dt>{t.rows}</dt>
        <dd>{digits(p.lang, r.rows)}</dd>
        <dt>{t.imported}</dt>
        <dd>{digits(p.lang, r.imported)}</dd>
        <dt>{t.unchanged}</dt>
        <dd>{digits(p.lang, r.unchanged)}</dd>
      </dl>
      <UnreadCells lang={p.lang} report={r} listId={p.listId} dryRun={p.dryRun} />
    </section>
  );
}

function Runs(p: { lang: Lang; runs: Awaited<ReturnType<typeof findImportRuns>> }) {
  const t = messages(p.lang);
  if (p.runs.length === 0) return null;
  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">{t.recentImports}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.progress}</th>
          </tr>
        </thead>
        <tbody>
          {p.runs.slice(0, 10).map((r) => (
            <tr>
              <td>{formatWhen(p.lang, r.started_at)}</td>
              <td>{r.status}</td>
              <td>
                <progress
                  max={Math.max(1, r.total_rows)}
                  value={r.done_rows}
                  aria-label={t.progress}
                ></progress>{" "}
                {digits(p.lang, r.done_rows)} / {digits(p.lang, r.total_rows)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Registers the list import page: upload, dry-run preview of errors, import, progress of runs. */
export function registerImportPages(app: App, deps: AppDeps): void {
  const { db } = deps;

  app.get(
    `${L}/import`,
    guarded(deps, (c) => {
      const viewer = requireMember(c);
      authorize(viewer, "create");
      const lang = langOf(c);
      return page(c, deps, messages(lang).importTitle, <ImportForm lang={lang} csrf={pageCsrf(c, deps)} />);
    }),
  );

  app.post(
    `${L}/import`,
    guarded(deps, async (c) => {
      const viewer = requireMember(c);
      authorize(viewer, "create");
      const lang = langOf(c);
      const form = await c.req.parseBody();
      const file = form.file;
      const listName = field(form, "listName").trim().slice(0, 300);
      if (!(file instanceof File)) throw validationError("file: choose a CSV file");
      if (!listName) throw validationError("listName: required");
      if (file.size > MAX_IMPORT_BYTES) {
        throw validationError("file: larger than 20 MiB; use `sabt import persons` for big lists");
      }
      const dryRun = field(form, "dryRun") === "on";
      const keepUnparsed = field(form, "keepUnparsed") === "on";
      const report = await runPersonImport(db, viewer, await file.text(), { listName, dryRun, keepUnparsed });
      const lists = await listEntities(db, viewer, { type: "list", limit: 500, offset: 0 });
      const list = lists.find((l) => l.label === listName);
      const runs = list ? await findImportRuns(db, list.id) : [];
      return page(
        c,
        deps,
        messages(lang).importTitle,
        <>
          <Report lang={lang} report={report} dryRun={dryRun} fileName={file.name.slice(0, 255)} listId={list?.id} />
          <Runs lang={lang} runs={runs} />
          <ImportForm lang={lang} csrf={pageCsrf(c, deps)} listName={listName} keepUnparsed={keepUnparsed} />
        </>,
        report.errors.length > 0 ? 400 : 200,
      );
    }),
  );
}
