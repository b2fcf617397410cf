/**
 * The evidence viewer: one archived item (its record, fixity, provenance, custody log and
 * timestamps, and its content where a browser can show it safely: a PDF through pdf.js with a
 * selectable text layer, over its text page by page) beside the "cite a passage" form and the claims
 * that cite it. The file itself is served with the archive's sandboxing headers, never as active content.
 */
import { Readable } from "node:stream";
import { auditConfidentialReads } from "../auth/index.ts";
import {
  citeArchivePassage,
  openBlobStore,
  openEvidenceFile,
  readEvidenceText,
  readPageTexts,
  recordCustodyEvent,
  safeServeHeaders,
  viewEvidence,
  type ArchiveItem,
  type BlobStore,
  type EvidenceView,
} from "../archive/index.ts";
import { readableClaims } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { listEntities } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { can } from "../shared/policy.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { ClaimCard } from "./claim.view.tsx";
import { labelsFor } from "./entity.routes.tsx";
import { EVIDENCE_JS } from "./evidence.assets.ts";
import { evidenceMessages } from "./evidence.i18n.ts";
import { CITE_FIELDS, CiteForm, EMPTY_CITE, PdfDocument, type CiteField, type CiteState } from "./evidence.pages.tsx";
import { formatWhen, messages } from "./i18n.ts";
import { digits, formatBytes, type Lang } from "../i18n/index.ts";
import { Notice } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

const isPdf = (item: ArchiveItem) => item.mediaType === "application/pdf";
/** PDFs get the pdf.js viewer unless intake flagged them (a flagged file is only offered as its text and a download). */
const rendersPdf = (item: ArchiveItem) => isPdf(item) && item.hazards.length === 0;

// Shown in an <img> on the page; everything else is a link (the file route decides inline vs download).
const IMAGE = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

/** The workspace path of an item's viewer page. */
export function evidencePath(lang: Lang, id: string): string {
  return `/team/${lang}/evidence/${encodeURIComponent(id)}`;
}

function ItemFacts(p: { lang: Lang; item: ArchiveItem }) {
  const t = messages(p.lang);
  const { item } = p;
  const prov = item.provenance;
  return (
    <dl>
      <dt>{t.fileType}</dt>
      <dd>
        <span class="mono">{item.mediaType}</span> ({item.kind})
      </dd>
      <dt>{t.size}</dt>
      <dd>{formatBytes(p.lang, item.size)}</dd>
      <dt>{t.sha256}</dt>
      <dd class="mono">{item.sha256}</dd>
      <dt>{t.visibility}</dt>
      <dd>
        <span class={`badge ${item.visibility}`}>
          {t[item.visibility as "public" | "team" | "confidential"] ?? item.visibility}
        </span>
      </dd>
      {item.sourceUrl ? (
        <>
          <dt>{t.capturedFrom}</dt>
          {/* Shown as text, not a link: following it from the workspace would tell the site who is looking. */}
          <dd class="mono">{item.sourceUrl}</dd>
        </>
      ) : null}
      <dt>{t.ingestedBy}</dt>
      <dd>{prov.ingestedBy}</dd>
      <dt>{t.ingestedAt}</dt>
      <dd>{formatWhen(p.lang, new Date(prov.ingestedAt))}</dd>
      <dt>{t.tool}</dt>
      <dd>
        {prov.tool} {prov.toolVersion}
      </dd>
      {item.hazards.length > 0 ? (
        <>
          <dt>{t.hazards}</dt>
          <dd class="mono">{item.hazards.join(", ")}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Content(p: {
  lang: Lang;
  item: ArchiveItem;
  text: { text: string; truncated: boolean } | undefined;
  pages: { page: number; text: string }[] | undefined;
}) {
  const t = messages(p.lang);
  const file = `${evidencePath(p.lang, p.item.id)}/file`;
  const shownInline = p.item.hazards.length === 0 && IMAGE.test(p.item.mediaType);
  return (
    <section aria-labelledby="content-h" id="document">
      <h2 id="content-h">{p.item.title ?? p.item.filename ?? t.evidenceItem}</h2>
      {p.pages ? <PdfDocument lang={p.lang} item={p.item} file={file} pages={p.pages} render={rendersPdf(p.item)} /> : null}
      {shownInline ? (
        <img src={file} alt={p.item.title ?? p.item.filename ?? t.evidenceItem} class="evidence-image" />
      ) : null}
      {p.text ? (
        <>
          <h3>{t.textOfItem}</h3>
          <pre class="evidence-text" dir="auto">
            {p.text.text}
          </pre>
          {p.text.truncated ? <p class="meta">{t.truncated}</p> : null}
        </>
      ) : null}
      {!shownInline && !p.text && !p.pages ? <p>{t.notRenderable}</p> : null}
      <p>
        <a href={`${file}?download=1`}>{t.downloadFile}</a>
      </p>
    </section>
  );
}

function Custody(p: { lang: Lang; view: EvidenceView }) {
  const t = messages(p.lang);
  const { custodyCheck } = p.view;
  return (
    <section aria-labelledby="custody-h">
      <h2 id="custody-h">{t.custodyLog}</h2>
      {custodyCheck.ok ? (
        <Notice kind="ok">{t.custodyIntact}</Notice>
      ) : (
        <Notice kind="error">
          {t.custodyBroken}: {custodyCheck.problems.join("; ")}
        </Notice>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t.action}</th>
            <th scope="col">{t.actor}</th>
            <th scope="col">{t.when}</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {p.view.custody.map((e) => (
            <tr>
              <td>{digits(p.lang, e.seq)}</td>
              <td>{e.action}</td>
              <td>{e.actor}</td>
              <td>{formatWhen(p.lang, new Date(e.at))}</td>
              <td class="mono">{e.hash.slice(0, 16)}…</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.view.timestamps.length > 0 ? (
        <>
          <h3>{t.timestamps}</h3>
          <ul>
            {p.view.timestamps.map((s) => (
              <li>
                <span class="mono">{s.tsaUrl}</span> · {formatWhen(p.lang, new Date(s.genTime))} ·{" "}
                <span class="mono">{s.serial}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/**
 * The text to show for an item: its own if it is plain text, else its extracted-text copy. Text
 * flagged as containing markup is still shown: on this page it is escaped text, never markup.
 */
async function textOf(store: BlobStore, view: EvidenceView) {
  if (view.item.mediaType === "text/plain") return readEvidenceText(store, view.item);
  // A PDF's text is shown page by page from archive_page_text, not as its derived JSON.
  if (isPdf(view.item)) return undefined;
  const extracted = view.derived.find((d) => d.mediaType === "text/plain");
  return extracted ? readEvidenceText(store, extracted) : undefined;
}

/** The sources a citation may name (sources and lists the viewer may read), by label. */
async function citableSources(db: Db, viewer: Viewer): Promise<{ id: string; label: string }[]> {
  const [sources, lists] = await Promise.all([
    listEntities(db, viewer, { type: "source", limit: 500, offset: 0 }),
    listEntities(db, viewer, { type: "list", limit: 500, offset: 0 }),
  ]);
  return [...sources, ...lists].map((e) => ({ id: e.id, label: e.label })).sort((a, b) => a.label.localeCompare(b.label));
}

/** The claims citing the item, beside the document. */
function CitingClaims(p: { lang: Lang; claims: Awaited<ReturnType<typeof readableClaims>>; labels: Awaited<ReturnType<typeof labelsFor>> }) {
  const t = messages(p.lang);
  return (
    <section aria-labelledby="citing-h">
      <h2 id="citing-h">{t.citingClaims}</h2>
      {p.claims.length === 0 ? <p>{t.noCitingClaims}</p> : null}
      {p.claims.map((cl) => (
        <div class="group">
          <p class="meta">
            <a href={`/team/${p.lang}/entities/${encodeURIComponent(cl.entityId)}#claim-${cl.id}`}>{p.labels.get(cl.entityId)?.label ?? cl.entityId}</a> · {cl.property}
          </p>
          <ClaimCard lang={p.lang} claim={cl} labels={p.labels} canEdit={false} />
        </div>
      ))}
    </section>
  );
}

/** Renders an item's viewer page (with the citation form shown again after a refusal). */
async function itemPage(c: Ctx, deps: AppDeps, store: BlobStore, cite: CiteState = EMPTY_CITE, status: 200 | 400 = 200): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = messages(lang);
  const view = await viewEvidence(db, viewer, c.req.param("id") ?? "");
  const claims = await readableClaims(db, viewer, view.citingClaimIds);
  await auditConfidentialReads(db, viewer, claims);
  const text = await textOf(store, view);
  const pages = isPdf(view.item) ? await readPageTexts(db, viewer, view.item.id) : undefined;
  // Reading the item's content on this page is an access to the evidence.
  await recordCustodyEvent(db, view.item.id, actorName(viewer), "viewed", { purpose: "page" });
  const labels = await labelsFor(db, viewer, [...claims.map((cl) => cl.entityId), ...claims.flatMap((cl) => cl.sources.map((s) => s.sourceId))]);
  const sources = can(viewer, "create") ? await citableSources(db, viewer) : undefined;
  return page(
    c,
    deps,
    view.item.title ?? view.item.filename ?? t.evidenceItem,
    <>
      <p class="meta">
        {t.evidence} · <span class="mono">{view.item.id}</span>
      </p>
      <div class="layout">
        <div>
          <Content lang={lang} item={view.item} text={text} pages={pages} />
          <ItemFacts lang={lang} item={view.item} />
          {view.derived.length > 0 ? (
            <section aria-labelledby="derived-h">
              <h2 id="derived-h">{t.derivedItems}</h2>
              <ul>
                {view.derived.map((d) => (
                  <li>
                    <a href={evidencePath(lang, d.id)}>{d.title ?? d.filename ?? d.id}</a> <span class="mono">{d.mediaType}</span> {d.derivation ? `(${d.derivation})` : ""}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <Custody lang={lang} view={view} />
        </div>
        <aside aria-label={t.citingClaims}>
          {sources ? <CiteForm lang={lang} csrf={pageCsrf(c, deps)} itemId={view.item.id} sources={sources} state={cite} /> : null}
          <CitingClaims lang={lang} claims={claims} labels={labels} />
        </aside>
      </div>
      <script type="module" src={EVIDENCE_JS}></script>
    </>,
    status,
  );
}

/** The localized message for a refused citation field. */
function citeMessage(lang: Lang, name: CiteField, raw: string): string {
  const e = evidenceMessages(lang);
  switch (name) {
    case "entity":
      return e.noRecord;
    case "property":
      return e.badProperty;
    case "value":
      return e.needValue;
    case "sourceId":
      return raw.includes("not a source") || raw.includes("no such") ? e.badSource : e.noSource;
    case "page":
      return e.badPage;
    case "quote":
      return e.needQuote;
    case "visibility":
      return e.badClaimVisibility;
  }
}

/** POST /team/{lang}/evidence/:id/cite: makes the claim, or shows the form again with the message beside its field. */
async function postCite(c: Ctx, deps: AppDeps, store: BlobStore): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const form = await c.req.parseBody();
  const values = new Map<CiteField, string>(CITE_FIELDS.map((k) => [k, field(form, k)]));
  const input = Object.fromEntries(values);
  try {
    await deps.db.transaction().execute((trx) => citeArchivePassage(trx, viewer, c.req.param("id") ?? "", input));
    return c.redirect(`${evidencePath(lang, c.req.param("id") ?? "")}#citing-h`, 303);
  } catch (e) {
    if (!isSabtError(e) || e.id !== "validation_failed") throw e;
    const name = e.message.split(":")[0] ?? "";
    const key = (CITE_FIELDS as readonly string[]).includes(name) ? (name as CiteField) : "quote";
    return itemPage(c, deps, store, { values, errors: new Map([[key, citeMessage(lang, key, e.message)]]) }, 400);
  }
}

/** Registers the evidence viewer page, the citation form's action and the route that serves an item's file. */
export function registerEvidencePages(app: App, deps: AppDeps): void {
  const { db } = deps;
  const store = openBlobStore(deps.config.blobStore);

  app.get(
    `${L}/evidence/:id`,
    guarded(deps, (c) => itemPage(c, deps, store)),
  );

  app.post(
    `${L}/evidence/:id/cite`,
    guarded(deps, (c) => postCite(c, deps, store)),
  );

  app.get(
    `${L}/evidence/:id/file`,
    guarded(deps, async (c) => {
      const viewer = requireMember(c);
      const download = c.req.query("download") === "1";
      const { item, stream } = await openEvidenceFile(db, store, viewer, c.req.param("id") ?? "", download ? "download" : "view");
      const headers = safeServeHeaders(item, { download });
      headers["Content-Length"] = String(item.size);
      return new Response(Readable.toWeb(stream) as ReadableStream, { status: 200, headers });
    }),
  );
}
