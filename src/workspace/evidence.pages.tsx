/**
 * Parts of the evidence viewer page: the PDF viewer (rendered by our module with pdf.js, over the
 * extracted text of each page that is shown without JavaScript) and the "cite a passage" form.
 */
import type { ArchiveItem } from "../archive/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { VISIBILITIES } from "../shared/visibility.ts";
import { EVIDENCE_CSS, PDFJS_LIB, PDFJS_WORKER } from "./evidence.assets.ts";
import { evidenceMessages, fill } from "./evidence.i18n.ts";
import { messages } from "./i18n.ts";
import { CsrfField } from "./layout.tsx";

/** The citation form's fields, as typed. */
export const CITE_FIELDS = ["entity", "property", "value", "sourceId", "page", "quote", "visibility"] as const;
/** One citation form field. */
export type CiteField = (typeof CITE_FIELDS)[number];

/** The citation form when shown again: what was typed and the messages by field. */
export interface CiteState {
  values: ReadonlyMap<CiteField, string>;
  errors: ReadonlyMap<CiteField, string>;
}

/** An empty citation form. */
export const EMPTY_CITE: CiteState = { values: new Map(), errors: new Map() };

/** The PDF viewer and, below it, the text of each page (all a browser without JavaScript gets). */
export function PdfDocument(p: { lang: Lang; item: ArchiveItem; file: string; pages: { page: number; text: string }[]; render: boolean }) {
  const e = evidenceMessages(p.lang);
  return (
    <>
      {p.render ? (
        <>
          <link rel="stylesheet" href={EVIDENCE_CSS} />
          <div id="pdf-viewer" data-src={p.file} data-lib={PDFJS_LIB} data-worker={PDFJS_WORKER} data-failed={e.viewerFailed} data-page-label={e.pageLabel}>
            <p class="pdf-status" role="status" hidden>
              {e.viewerLoading}
            </p>
            <div class="pdf-pages"></div>
          </div>
        </>
      ) : null}
      <section aria-labelledby="pages-h">
        <h3 id="pages-h">{e.pageTexts}</h3>
        {p.pages.length === 0 ? <p>{e.noPageText}</p> : null}
        {p.pages.map((pg) => (
          <div class="page-text" data-page={String(pg.page)}>
            <h4>{fill(e.pageLabel, { page: digits(p.lang, String(pg.page)) })}</h4>
            <pre class="evidence-text" dir="auto">
              {pg.text}
            </pre>
          </div>
        ))}
      </section>
    </>
  );
}

function Err(p: { id: string; message: string | undefined }) {
  return p.message ? (
    <p id={p.id} class="error">
      {p.message}
    </p>
  ) : null;
}

/** The "cite a passage" form beside the document. */
export function CiteForm(p: { lang: Lang; csrf: string; itemId: string; sources: { id: string; label: string }[]; state: CiteState }) {
  const e = evidenceMessages(p.lang);
  const t = messages(p.lang);
  const v = (k: CiteField) => p.state.values.get(k) ?? "";
  const aria = (k: CiteField) => (p.state.errors.has(k) ? { "aria-invalid": "true", "aria-describedby": `cite-${k}-error` } : {});
  const visibility = v("visibility") || "team";
  return (
    <section aria-labelledby="cite-h" class="group cite-form">
      <h2 id="cite-h">{e.citeTitle}</h2>
      <p class="meta">{e.citeHelp}</p>
      <p>
        <button type="button" id="cite-selection" class="secondary" hidden data-empty={e.selectFirst}>
          {e.citeSelection}
        </button>{" "}
        <span id="cite-selection-status" role="status"></span>
      </p>
      <form method="post" action={`/team/${p.lang}/evidence/${encodeURIComponent(p.itemId)}/cite`} id="cite-form">
        <CsrfField token={p.csrf} />
        <label for="cite-entity">{e.record}</label>
        <input id="cite-entity" name="entity" type="text" dir="ltr" required value={v("entity")} {...aria("entity")} />
        <Err id="cite-entity-error" message={p.state.errors.get("entity")} />
        <label for="cite-property">{e.property}</label>
        <input id="cite-property" name="property" type="text" dir="ltr" required value={v("property")} {...aria("property")} />
        <Err id="cite-property-error" message={p.state.errors.get("property")} />
        <label for="cite-value">{e.value}</label>
        <input id="cite-value" name="value" type="text" dir="auto" required value={v("value")} {...aria("value")} />
        <Err id="cite-value-error" message={p.state.errors.get("value")} />
        <label for="cite-sourceId">{e.source}</label>
        <select id="cite-sourceId" name="sourceId" required {...aria("sourceId")}>
          <option value="">{e.chooseSource}</option>
          {p.sources.map((s) => (
            <option value={s.id} selected={v("sourceId") === s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <Err id="cite-sourceId-error" message={p.state.errors.get("sourceId")} />
        <label for="cite-page">{e.pageNumber}</label>
        <input id="cite-page" name="page" type="number" min="1" step="1" dir="ltr" value={v("page")} {...aria("page")} />
        <Err id="cite-page-error" message={p.state.errors.get("page")} />
        <label for="cite-quote">{e.quote}</label>
        <textarea id="cite-quote" name="quote" dir="auto" required maxlength={2000} {...aria("quote")}>
          {v("quote")}
        </textarea>
        <Err id="cite-quote-error" message={p.state.errors.get("quote")} />
        <label for="cite-visibility">{e.claimVisibility}</label>
        <select id="cite-visibility" name="visibility" {...aria("visibility")}>
          {VISIBILITIES.map((k) => (
            <option value={k} selected={visibility === k}>
              {t[k]}
            </option>
          ))}
        </select>
        <Err id="cite-visibility-error" message={p.state.errors.get("visibility")} />
        <p>
          <button type="submit">{e.citeSubmit}</button>
        </p>
      </form>
    </section>
  );
}
