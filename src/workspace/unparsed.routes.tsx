/**
 * The queue of list cells Sabt could not read (`/team/{lang}/unparsed`): editors add each cell's
 * value (a claim citing the list, through the claims service) or dismiss it. State changes answer
 * with 303 redirects (post/redirect/get); the workspace module's middleware checks CSRF.
 */
import type { App, AppDeps } from "../http/index.ts";
import { dismissUnparsedCell, listUnparsedCells, resolveUnparsedCell, UnparsedDismissSchema, UnparsedResolveSchema } from "../imports/index.ts";
import { validationError } from "../shared/errors.ts";
import { field, guarded, langOf, page, pageCsrf, pageOf, requireMember, type Ctx } from "./workspace.context.ts";
import { unparsedQuery, UnparsedQueuePage } from "./unparsed.pages.tsx";
import { unparsedText } from "./unparsed.i18n.ts";

const L = "/team/:lang{(?:fa|en)}";
const ID = ":id{[0-9a-f-]{36}}";
const PER_PAGE = 25;
const UUID = /^[0-9a-f-]{36}$/;

/** The list filter and page number of a queue URL (bad values are ignored). */
function queueOf(c: Ctx): { listId: string | undefined; page: number } {
  const list = c.req.query("list");
  return { listId: list && UUID.test(list) ? list : undefined, page: pageOf(c) };
}

/** The first problem of a form as a validation error ("field: message"). */
function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): never {
  const i = error.issues[0];
  throw validationError(i ? `${i.path.map(String).join(".")}: ${i.message}` : "the form is not valid");
}

/** GET /team/{lang}/unparsed[?list=…&page=…]. */
async function getQueue(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const q = queueOf(c);
  const done = c.req.query("done");
  const { cells, total } = await listUnparsedCells(deps.db, viewer, { listId: q.listId, page: q.page, perPage: PER_PAGE });
  return page(
    c,
    deps,
    unparsedText(lang).title,
    <UnparsedQueuePage
      lang={lang}
      csrf={pageCsrf(c, deps)}
      cells={cells}
      total={total}
      page={q.page}
      perPage={PER_PAGE}
      listId={q.listId}
      notice={done === "resolved" || done === "pending" || done === "dismissed" ? done : undefined}
    />,
  );
}

/** POST /team/{lang}/unparsed/{claim id}/resolve. */
async function postResolve(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const parsed = UnparsedResolveSchema.safeParse({ version: Number(field(form, "version")), value: field(form, "value"), visibility: field(form, "visibility") });
  if (!parsed.success) firstIssue(parsed.error);
  const claim = await deps.db.transaction().execute((trx) => resolveUnparsedCell(trx, viewer, c.req.param("id")!, parsed.data));
  const q = queueOf(c);
  const done = claim.review === "pending" ? "pending" : "resolved";
  const query = unparsedQuery(q.listId, q.page);
  return c.redirect(`/team/${langOf(c)}/unparsed${query}${query ? "&" : "?"}done=${done}`, 303);
}

/** POST /team/{lang}/unparsed/{claim id}/dismiss. */
async function postDismiss(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const reason = field(form, "reason").trim();
  const parsed = UnparsedDismissSchema.safeParse({ version: Number(field(form, "version")), ...(reason ? { reason } : {}) });
  if (!parsed.success) firstIssue(parsed.error);
  await deps.db.transaction().execute((trx) => dismissUnparsedCell(trx, viewer, c.req.param("id")!, parsed.data));
  const q = queueOf(c);
  const query = unparsedQuery(q.listId, q.page);
  return c.redirect(`/team/${langOf(c)}/unparsed${query}${query ? "&" : "?"}done=dismissed`, 303);
}

/** Registers the queue of unread list cells. */
export function registerUnparsedPages(app: App, deps: AppDeps): void {
  app.get(`${L}/unparsed`, guarded(deps, (c) => getQueue(c, deps)));
  app.post(`${L}/unparsed/${ID}/resolve`, guarded(deps, (c) => postResolve(c, deps)));
  app.post(`${L}/unparsed/${ID}/dismiss`, guarded(deps, (c) => postDismiss(c, deps)));
}
