/**
 * The review queue (`/team/{lang}/review`): four eyes before publication. Members see what waits,
 * was approved or was rejected (with the reason); reviewers, editors and admins assign, approve
 * and reject, never their own work. Decisions go through the same service as the JSON API.
 */
import { listReviewers } from "../auth/index.ts";
import { decideReview, assignReview, listReviews, ReviewDecisionSchema, ReviewKindSchema, type ReviewKind } from "../claims/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { can } from "../shared/policy.ts";
import { actorName } from "../shared/viewer.ts";
import { labelsFor } from "./entity.routes.tsx";
import { reviewText } from "./review.i18n.ts";
import { ReviewPage, type ReviewPageProps } from "./review.pages.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";
const STATES = ["pending", "approved", "rejected"] as const;
const DONE = { approved: "approvedOk", rejected: "rejectedOk", assigned: "assignedOk" } as const;

/** Registers the review queue and its decision and assignment forms. */
export function registerReviewPages(app: App, deps: AppDeps): void {
  app.get(`${L}/review`, guarded(deps, (c) => showQueue(c, deps, undefined)));
  app.post(`${L}/review/:kind/:id`, guarded(deps, (c) => postDecision(c, deps)));
  app.post(`${L}/review/:kind/:id/assign`, guarded(deps, (c) => postAssignment(c, deps)));
}

/** Renders the queue, with a notice (a decision's outcome, or an error beside one item's form). */
async function showQueue(c: Ctx, deps: AppDeps, notice: ReviewPageProps["notice"], status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = reviewText(lang);
  const asked = c.req.query("state");
  const state = STATES.find((s) => s === asked) ?? "pending";
  const items = await listReviews(deps.db, viewer, { state, limit: 100, offset: 0 });
  const ids = items.flatMap((i) => [i.entityId, ...(i.claim ? i.claim.sources.map((s) => s.sourceId) : []), ...(i.claim?.value.type === "entity" ? [i.claim.value.id] : [])]);
  const done = c.req.query("done");
  const doneKey = done === "approved" || done === "rejected" || done === "assigned" ? DONE[done] : undefined;
  const props: ReviewPageProps = {
    lang,
    csrf: pageCsrf(c, deps),
    state,
    items,
    labels: await labelsFor(deps.db, viewer, ids),
    reviewers: await listReviewers(deps.db),
    me: actorName(viewer),
    canDecide: can(viewer, "review"),
    notice: notice ?? (doneKey ? { kind: "ok", text: t[doneKey] } : undefined),
  };
  return page(c, deps, t.title, <ReviewPage {...props} />, status);
}

/** The kind and record of a decision URL, or undefined when the kind is not one of the three. */
function target(c: Ctx): { kind: ReviewKind; id: string } | undefined {
  const kind = ReviewKindSchema.safeParse(c.req.param("kind"));
  return kind.success ? { kind: kind.data, id: c.req.param("id") ?? "" } : undefined;
}

/** The queue item a form belongs to, so an error shows beside that form. */
async function itemOf(c: Ctx, deps: AppDeps, id: string): Promise<string | undefined> {
  const items = await listReviews(deps.db, requireMember(c), { state: "pending", limit: 500, offset: 0 });
  return items.find((i) => i.objectId === id || i.entityId === id)?.id;
}

/** POST /team/{lang}/review/{kind}/{id}: approve or reject. */
async function postDecision(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = reviewText(lang);
  const where = target(c);
  if (!where) return showQueue(c, deps, { kind: "error", text: "kind: claim, entity or article" }, 404);
  const form = await c.req.parseBody();
  const version = Number.parseInt(field(form, "version"), 10);
  const parsed = ReviewDecisionSchema.safeParse({
    decision: field(form, "decision"),
    ...(field(form, "reason").trim() ? { reason: field(form, "reason") } : {}),
    ...(Number.isSafeInteger(version) && version > 0 ? { version } : {}),
  });
  if (!parsed.success) {
    const item = await itemOf(c, deps, where.id);
    const text = parsed.error.issues.some((i) => i.path[0] === "reason") ? t.reasonNeeded : parsed.error.issues[0]?.message ?? "";
    return showQueue(c, deps, { kind: "error", text, item }, 400);
  }
  try {
    const state = await deps.db.transaction().execute((trx) => decideReview(trx, viewer, where.kind, where.id, parsed.data));
    return c.redirect(`/team/${lang}/review?state=pending&done=${state}`, 303);
  } catch (e) {
    if (!isSabtError(e) || !["four_eyes", "stale_version", "not_found", "validation_failed"].includes(e.id)) throw e;
    // Only a refused decision needs to know which form to show the message beside.
    const item = await itemOf(c, deps, where.id);
    const text = e.id === "four_eyes" ? t.yourOwn : e.message;
    return showQueue(c, deps, { kind: "error", text, ...(item ? { item } : {}) }, e.status as 400 | 403 | 404 | 409);
  }
}

/** POST /team/{lang}/review/{kind}/{id}/assign. */
async function postAssignment(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const where = target(c);
  if (!where) return showQueue(c, deps, { kind: "error", text: "kind: claim, entity or article" }, 404);
  const form = await c.req.parseBody();
  const userId = field(form, "userId").trim() || null;
  await deps.db.transaction().execute((trx) => assignReview(trx, viewer, where.kind, where.id, userId));
  return c.redirect(`/team/${lang}/review?state=pending&done=assigned`, 303);
}
