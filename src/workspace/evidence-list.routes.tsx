/**
 * The evidence page (`/team/{lang}/evidence`): the archived items a member may read, searched and
 * filtered, newest first; the upload form (several files, per-file limits, fixity at intake, the
 * text of every PDF extracted by a queued job); and the web-capture form (capture.routes.tsx).
 */
import {
  CAPTURE,
  DEFAULT_MAX_BYTES,
  listEvidence,
  listEvidenceAdders,
  openBlobStore,
  PDF_TEXT,
  uploadEvidence,
  wantsPdfText,
  MAX_UPLOAD_FILES,
  type EvidenceList,
  type UploadedFile,
  type UploadProblem,
} from "../archive/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { enqueueJob, listJobs } from "../jobs/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { can } from "../shared/policy.ts";
import { actorName, readableVisibilities } from "../shared/viewer.ts";
import { CaptureSection } from "./capture.pages.tsx";
import { EMPTY_UPLOAD, EvidenceTable, FILTER_FIELDS, FilterForm, UploadForm, type FilterValues, type UploadState } from "./evidence-list.pages.tsx";
import { evidenceMessages, fill } from "./evidence.i18n.ts";
import { EVIDENCE_JS } from "./evidence.assets.ts";
import { formatBytes } from "../i18n/index.ts";
import { messages } from "./i18n.ts";
import { Notice } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** Largest file accepted by the browser upload (64 MiB): the request is held in memory while parsed. */
export const MAX_UPLOAD_FILE_BYTES = Math.min(64 * 1024 ** 2, DEFAULT_MAX_BYTES);
/** Largest upload request (256 MiB): several files at once; larger evidence goes through `sabt archive add`. */
export const MAX_UPLOAD_REQUEST_BYTES = 256 * 1024 ** 2;

/** How many captures the page lists. */
const RECENT = 20;

/** What the page shows besides the list: forms shown again with their messages, a notice. */
interface PageState {
  capture?: { url: string; error?: string };
  upload?: UploadState;
  uploaded?: number;
}

function filterValues(c: Ctx): FilterValues {
  const v = (k: string) => c.req.query(k) ?? "";
  return { q: v("q"), type: v("type"), from: v("from"), to: v("to"), addedBy: v("addedBy"), cited: v("cited") };
}

/** The list for the query's filters; a bad filter is answered beside its field, with nothing listed. */
async function readList(c: Ctx, deps: AppDeps, values: FilterValues): Promise<{ list: EvidenceList; errors: Map<string, string> }> {
  const e = evidenceMessages(langOf(c));
  const errors = new Map<string, string>();
  try {
    return { list: await listEvidence(deps.db, requireMember(c), { ...values, page: c.req.query("page") ?? "" }), errors };
  } catch (err) {
    if (!isSabtError(err) || err.id !== "validation_failed") throw err;
    const name = err.message.split(":")[0] ?? "";
    const known = (FILTER_FIELDS as readonly string[]).includes(name) ? name : "q";
    errors.set(known, known === "from" || known === "to" ? e.badDate : e.badFilter);
    return { list: { entries: [], total: 0, page: 1, pages: 1 }, errors };
  }
}

/** Renders the evidence page. */
export async function evidenceListPage(c: Ctx, deps: AppDeps, state: PageState = {}, status: 200 | 400 = 200): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = messages(lang);
  const e = evidenceMessages(lang);
  const mayAdd = can(viewer, "create");
  const values = filterValues(c);
  const { list, errors } = await readList(c, deps, values);
  const adders = await listEvidenceAdders(deps.db, viewer);
  // Capture jobs name the addresses members asked for: read-only viewers do not see them.
  const jobs = viewer.role !== "viewer" ? await listJobs(deps.db, { kinds: [CAPTURE.kind], limit: RECENT }) : [];
  const csrf = pageCsrf(c, deps);
  return page(
    c,
    deps,
    t.evidence,
    <>
      {state.uploaded ? <Notice kind="ok">{fill(e.uploaded, { n: digits(lang, String(state.uploaded)) })}</Notice> : null}
      <section aria-labelledby="list-h">
        <h2 id="list-h">{e.listTitle}</h2>
        <FilterForm lang={lang} values={values} errors={errors} adders={adders} />
        <EvidenceTable lang={lang} list={list} values={values} />
      </section>
      {mayAdd ? <UploadForm lang={lang} csrf={csrf} state={state.upload ?? EMPTY_UPLOAD} maxBytes={MAX_UPLOAD_FILE_BYTES} visibilities={readableVisibilities(viewer)} /> : null}
      <CaptureSection lang={lang} csrf={csrf} mayCapture={mayAdd} jobs={jobs} url={state.capture?.url ?? ""} error={state.capture?.error} />
      <script type="module" src={EVIDENCE_JS}></script>
    </>,
    errors.size > 0 ? 400 : status,
  );
}

/** The files of a multipart body; the empty part a browser sends when no file was chosen is left out. */
async function filesOf(body: Record<string, unknown>): Promise<UploadedFile[]> {
  const raw = body.files;
  const parts = (Array.isArray(raw) ? raw : [raw]).filter((f): f is File => f instanceof File && !(f.name === "" && f.size === 0));
  return Promise.all(parts.map(async (f) => ({ name: f.name, type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

function problemMessage(lang: Lang, p: UploadProblem): string {
  const e = evidenceMessages(lang);
  const template = p.problem === "too_large" ? e.tooLarge : p.problem === "empty" ? e.emptyFile : e.executable;
  return fill(template, { name: p.filename, max: formatBytes(lang, MAX_UPLOAD_FILE_BYTES) });
}

/** The upload form with the refusal beside the field it concerns. */
function refusedUpload(lang: Lang, form: Record<string, unknown>, files: UploadedFile[], err: { message: string; details?: Record<string, unknown> | undefined }): UploadState {
  const e = evidenceMessages(lang);
  const name = err.message.split(":")[0] ?? "";
  const errors = new Map<string, string>();
  let fileErrors: string[] = [];
  if (name === "title") errors.set("title", e.titleTooLong);
  else if (name === "visibility") errors.set("visibility", e.badVisibility);
  else if (files.length === 0) errors.set("files", e.noFiles);
  else if (files.length > MAX_UPLOAD_FILES) errors.set("files", fill(e.tooManyFiles, { max: digits(lang, String(MAX_UPLOAD_FILES)) }));
  else {
    const problems = (err.details?.problems ?? []) as UploadProblem[];
    fileErrors = problems.map((p) => problemMessage(lang, p));
    errors.set("files", e.refusedNothingSaved);
  }
  return { title: field(form, "title"), visibility: field(form, "visibility") || "team", errors, fileErrors };
}

/** POST /team/{lang}/evidence/upload: stores every file or none, then queues the text extraction of each PDF. */
async function postUpload(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const form = await c.req.parseBody({ all: true });
  const files = await filesOf(form);
  const store = openBlobStore(deps.config.blobStore);
  let items;
  try {
    items = await uploadEvidence(deps.db, store, viewer, files, { title: field(form, "title"), visibility: field(form, "visibility") }, { maxBytes: MAX_UPLOAD_FILE_BYTES });
  } catch (err) {
    if (!isSabtError(err) || err.id !== "validation_failed") throw err;
    return evidenceListPage(c, deps, { upload: refusedUpload(lang, form, files, err) }, 400);
  }
  for (const item of items.filter(wantsPdfText)) {
    await enqueueJob(deps.db, PDF_TEXT, { itemId: item.id, actor: actorName(viewer) }, { createdBy: actorName(viewer) });
  }
  return c.redirect(`/team/${lang}/evidence?uploaded=${items.length}`, 303);
}

/** Registers the evidence page and its upload form. */
export function registerEvidenceListPages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/evidence`,
    guarded(deps, (c) => {
      const n = Number(c.req.query("uploaded"));
      return evidenceListPage(c, deps, Number.isInteger(n) && n > 0 && n <= MAX_UPLOAD_FILES ? { uploaded: n } : {});
    }),
  );
  app.post(
    `${L}/evidence/upload`,
    guarded(deps, (c) => postUpload(c, deps)),
  );
}
