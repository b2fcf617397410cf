/**
 * The evidence list and the upload form of `/team/{lang}/evidence`: filters in a GET form (the
 * list's address is shareable and works without JavaScript), the items newest first with a
 * pager, and a multipart upload form that our own script enhances with a progress bar.
 */
import { EVIDENCE_TYPES, type EvidenceList } from "../archive/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { VISIBILITIES } from "../shared/visibility.ts";
import { evidenceMessages, fill } from "./evidence.i18n.ts";
import { evidencePath } from "./evidence.routes.tsx";
import { formatBytes } from "../i18n/index.ts";
import { formatWhen, messages } from "./i18n.ts";
import { CsrfField } from "./layout.tsx";

/** The list's filter fields as typed (kept when the form is shown again). */
export interface FilterValues {
  q: string;
  type: string;
  from: string;
  to: string;
  addedBy: string;
  cited: string;
}

/** The filter fields, in form order. */
export const FILTER_FIELDS = ["q", "type", "from", "to", "addedBy", "cited"] as const;

/** The upload form's state when it is shown again after a refusal. */
export interface UploadState {
  title: string;
  visibility: string;
  /** Messages by field name (`files`, `title`, `visibility`). */
  errors: ReadonlyMap<string, string>;
  /** One message per refused file. */
  fileErrors: readonly string[];
}

/** An empty upload form. */
export const EMPTY_UPLOAD: UploadState = { title: "", visibility: "team", errors: new Map(), fileErrors: [] };

function ErrorText(p: { id: string; message: string | undefined }) {
  return p.message ? (
    <p id={p.id} class="error">
      {p.message}
    </p>
  ) : null;
}

const invalid = (errors: ReadonlyMap<string, string>, name: string, id: string) =>
  errors.has(name) ? { "aria-invalid": "true", "aria-describedby": id } : {};

/** The search and filter form. */
export function FilterForm(p: { lang: Lang; values: FilterValues; errors: ReadonlyMap<string, string>; adders: { actor: string; name: string }[] }) {
  const e = evidenceMessages(p.lang);
  const { values: v, errors } = p;
  return (
    <form method="get" action={`/team/${p.lang}/evidence`} class="filters" role="search" aria-label={e.listTitle}>
      <label for="ev-q">{e.search}</label>
      <input id="ev-q" name="q" type="search" value={v.q} {...invalid(errors, "q", "ev-q-error")} />
      <ErrorText id="ev-q-error" message={errors.get("q")} />
      <label for="ev-type">{e.type}</label>
      <select id="ev-type" name="type" {...invalid(errors, "type", "ev-type-error")}>
        <option value="">{e.anyType}</option>
        {EVIDENCE_TYPES.map((k) => (
          <option value={k} selected={v.type === k}>
            {e[`type_${k}`]}
          </option>
        ))}
      </select>
      <ErrorText id="ev-type-error" message={errors.get("type")} />
      <label for="ev-from">{e.from}</label>
      <input id="ev-from" name="from" type="date" dir="ltr" value={v.from} {...invalid(errors, "from", "ev-from-error")} />
      <ErrorText id="ev-from-error" message={errors.get("from")} />
      <label for="ev-to">{e.to}</label>
      <input id="ev-to" name="to" type="date" dir="ltr" value={v.to} {...invalid(errors, "to", "ev-to-error")} />
      <ErrorText id="ev-to-error" message={errors.get("to")} />
      <label for="ev-by">{e.addedBy}</label>
      <select id="ev-by" name="addedBy">
        <option value="">{e.anyone}</option>
        {p.adders.map((a) => (
          <option value={a.actor} selected={v.addedBy === a.actor}>
            {a.name}
          </option>
        ))}
      </select>
      <label for="ev-cited">{e.cited}</label>
      <select id="ev-cited" name="cited" {...invalid(errors, "cited", "ev-cited-error")}>
        <option value="">{e.citedAny}</option>
        <option value="yes" selected={v.cited === "yes"}>
          {e.citedYes}
        </option>
        <option value="no" selected={v.cited === "no"}>
          {e.citedNo}
        </option>
      </select>
      <ErrorText id="ev-cited-error" message={errors.get("cited")} />
      <p>
        <button type="submit">{e.apply}</button> <a href={`/team/${p.lang}/evidence`}>{e.clear}</a>
      </p>
    </form>
  );
}

function typeOf(p: { kind: string; mediaType: string }): (typeof EVIDENCE_TYPES)[number] {
  if (p.kind === "web_capture") return "web";
  if (p.mediaType === "application/pdf") return "pdf";
  if (p.mediaType.startsWith("image/")) return "image";
  if (p.mediaType.startsWith("text/")) return "text";
  if (p.mediaType.startsWith("audio/") || p.mediaType.startsWith("video/")) return "av";
  return "other";
}

/** The query string of the list with the same filters on another page. */
export function listHref(lang: Lang, values: FilterValues, page: number): string {
  const q = new URLSearchParams();
  for (const k of FILTER_FIELDS) if (values[k]) q.set(k, values[k]);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return `/team/${lang}/evidence${s ? `?${s}` : ""}`;
}

/** The matching items, newest first, with the pager. */
export function EvidenceTable(p: { lang: Lang; list: EvidenceList; values: FilterValues }) {
  const e = evidenceMessages(p.lang);
  const t = messages(p.lang);
  const { list, lang } = p;
  if (list.total === 0) return <p>{e.noItems}</p>;
  return (
    <>
      <p>
        {fill(e.count, { n: digits(lang, String(list.total)) })} · {fill(e.pageOf, { page: digits(lang, String(list.page)), pages: digits(lang, String(list.pages)) })}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{e.item}</th>
            <th scope="col">{e.type}</th>
            <th scope="col">{e.added}</th>
            <th scope="col">{e.addedBy}</th>
            <th scope="col">{e.cited}</th>
            <th scope="col">{t.visibility}</th>
          </tr>
        </thead>
        <tbody>
          {list.entries.map(({ item, addedBy, cited }) => (
            <tr>
              <td>
                <a href={evidencePath(lang, item.id)} dir="auto">
                  {item.title ?? item.filename ?? item.id}
                </a>
                {item.title && item.filename ? <div class="meta mono">{item.filename}</div> : null}
              </td>
              <td>
                {e[`type_${typeOf(item)}`]} <span class="meta">{formatBytes(lang, item.size)}</span>
              </td>
              <td>{formatWhen(lang, item.createdAt)}</td>
              <td dir="auto">{addedBy}</td>
              <td>{cited ? e.citedYes : e.citedNo}</td>
              <td>
                <span class={`badge ${item.visibility}`}>{t[item.visibility as "public" | "team" | "confidential"] ?? item.visibility}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label={fill(e.pageOf, { page: digits(lang, String(list.page)), pages: digits(lang, String(list.pages)) })}>
        {list.page > 1 ? <a href={listHref(lang, p.values, list.page - 1)}>{t.previous}</a> : null}
        {list.page > 1 && list.page < list.pages ? " · " : null}
        {list.page < list.pages ? <a href={listHref(lang, p.values, list.page + 1)}>{t.next}</a> : null}
      </nav>
    </>
  );
}

/** The multipart upload form; `data-*` attributes carry what the progress script needs. */
export function UploadForm(p: { lang: Lang; csrf: string; state: UploadState; maxBytes: number; visibilities: readonly string[] }) {
  const e = evidenceMessages(p.lang);
  const t = messages(p.lang);
  const { state } = p;
  const fileErrors = state.fileErrors.length > 0 || state.errors.has("files");
  return (
    <section aria-labelledby="upload-h" id="upload-section">
      <h2 id="upload-h">{e.uploadTitle}</h2>
      <p>{fill(e.uploadHelp, { max: formatBytes(p.lang, p.maxBytes) })}</p>
      <form method="post" action={`/team/${p.lang}/evidence/upload`} enctype="multipart/form-data" id="upload-form" data-failed={e.uploadFailed} data-uploading={e.uploading} data-max-bytes={String(p.maxBytes)} data-too-large={fill(e.tooLarge, { max: formatBytes(p.lang, p.maxBytes) })}>
        <CsrfField token={p.csrf} />
        <label for="upload-files">{e.files}</label>
        <input id="upload-files" name="files" type="file" multiple required {...(fileErrors ? { "aria-invalid": "true", "aria-describedby": "upload-files-error" } : {})} />
        {fileErrors ? (
          <div id="upload-files-error" class="error">
            {state.errors.get("files") ? <p>{state.errors.get("files")}</p> : null}
            {state.fileErrors.length > 0 ? (
              <ul>
                {state.fileErrors.map((m) => (
                  <li dir="auto">{m}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <label for="upload-title">{e.itemTitle}</label>
        <input id="upload-title" name="title" type="text" dir="auto" value={state.title} {...invalid(state.errors, "title", "upload-title-error")} />
        <ErrorText id="upload-title-error" message={state.errors.get("title")} />
        <label for="upload-visibility">{t.visibility}</label>
        <select id="upload-visibility" name="visibility" {...invalid(state.errors, "visibility", "upload-visibility-error")}>
          {VISIBILITIES.filter((v) => p.visibilities.includes(v)).map((v) => (
            <option value={v} selected={state.visibility === v}>
              {t[v]}
            </option>
          ))}
        </select>
        <ErrorText id="upload-visibility-error" message={state.errors.get("visibility")} />
        <p>
          <button type="submit">{e.uploadSubmit}</button>{" "}
          <progress id="upload-progress" max={100} value={0} hidden aria-label={e.uploadProgress}></progress>{" "}
          <span id="upload-status" role="status"></span>
        </p>
      </form>
    </section>
  );
}
