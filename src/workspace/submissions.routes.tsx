/**
 * The team's side of the public form (`/team/{lang}/submissions`): the queue by state, one
 * submission, setting its state (which the sender's receipt page shows) and making it a source.
 * Linked from the review queue. Every action is checked again by the submissions service.
 */
import type { App, AppDeps } from "../http/index.ts";
import { can } from "../shared/policy.ts";
import { listSubmissions, makeSourceFromSubmission, readSubmission, setSubmissionState, SubmissionStateSchema } from "../submissions/index.ts";
import { labelsFor } from "./entity.routes.tsx";
import { SubmissionPage, submissionPath, SubmissionsQueuePage } from "./submissions.pages.tsx";
import { submissionsText } from "./submissions.i18n.ts";
import { field, guarded, langOf, page, pageCsrf, pageOf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";
const PER_PAGE = 50;

/** Registers the submissions queue, a submission's page and its two actions. */
export function registerSubmissionPages(app: App, deps: AppDeps): void {
  app.get(`${L}/submissions`, guarded(deps, (c) => showQueue(c, deps)));
  app.get(`${L}/submissions/:id`, guarded(deps, (c) => showSubmission(c, deps)));
  app.post(`${L}/submissions/:id/state`, guarded(deps, (c) => postState(c, deps)));
  app.post(`${L}/submissions/:id/source`, guarded(deps, (c) => postSource(c, deps)));
}

/** GET the queue (`?state=` one of the four, received by default; `?page=`). */
async function showQueue(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const asked = SubmissionStateSchema.safeParse(c.req.query("state"));
  const state = asked.success ? asked.data : "received";
  const n = pageOf(c);
  const { items, counts } = await listSubmissions(deps.db, viewer, { state, limit: PER_PAGE, offset: (n - 1) * PER_PAGE });
  const labels = await labelsFor(deps.db, viewer, items.flatMap((i) => (i.entityId ? [i.entityId] : [])));
  const pages = Math.max(1, Math.ceil((counts.get(state) ?? 0) / PER_PAGE));
  return page(c, deps, submissionsText(lang).title, <SubmissionsQueuePage lang={lang} state={state} items={items} counts={counts} labels={labels} page={n} pages={pages} />);
}

/** GET one submission. */
async function showSubmission(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const s = await readSubmission(deps.db, viewer, c.req.param("id") ?? "");
  const labels = await labelsFor(deps.db, viewer, [s.entityId, s.sourceId].filter((x): x is string => x !== null));
  const done = c.req.query("done");
  const t = submissionsText(lang);
  const notice = done === "state" ? t.stateSaved : done === "source" ? t.sourceMade : undefined;
  const title = `${t.title} · ${t[`kind_${s.kind}`]}`;
  return page(c, deps, title, <SubmissionPage lang={lang} csrf={pageCsrf(c, deps)} s={s} labels={labels} canEdit={can(viewer, "update")} notice={notice} />);
}

/** POST a new state. */
async function postState(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const id = c.req.param("id") ?? "";
  const form = await c.req.parseBody();
  await deps.db.transaction().execute((trx) => setSubmissionState(trx, viewer, id, field(form, "state")));
  return c.redirect(`${submissionPath(langOf(c), id)}?done=state`, 303);
}

/** POST: make the submission a source. */
async function postSource(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const id = c.req.param("id") ?? "";
  await deps.db.transaction().execute((trx) => makeSourceFromSubmission(trx, viewer, id));
  return c.redirect(`${submissionPath(langOf(c), id)}?done=source`, 303);
}
