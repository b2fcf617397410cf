/**
 * The workspace's linkage and estimation pages (`/team/{fa,en}/linkage…`, `/team/{fa,en}/estimation…`).
 * Mounted before the workspace module, so these routes answer instead of its placeholders, and
 * therefore protect their own forms: the workspace's CSRF middleware, registered later, never
 * runs for a request these routes have already answered. Every handler checks sign-in, then the
 * services check the role again; state changes answer with 303 redirects (post/redirect/get).
 */
import { bodyLimit } from "hono/body-limit";
import type { App, AppDeps } from "../http/index.ts";
import { csrfProtection } from "../http/index.ts";
import { SabtError, validationError } from "../shared/errors.ts";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";
import {
  getEstimate,
  getEstimatePlot,
  listEstimates,
  publishEstimate,
  unpublishEstimate,
} from "../lists/index.ts";
import { EstimateDetail, EstimateForm, EstimateList } from "./estimation.pages.tsx";
import { ClusterList, ClusterView, clusterHref, History, Overview, Queue } from "./linkage.pages.tsx";
import { ESTIMATE_RUN, LINK_RUN, recordKeyFrom, requestEstimateRun, requestLinkRun } from "../lists/index.ts";
import { JobStatus } from "./job-status.tsx";
import { enqueueJob, listJobs } from "../jobs/index.ts";
import { listsMessages } from "./lists.i18n.ts";
import { withActorNames } from "./history.routes.tsx";
import { mayLists } from "../lists/index.ts";
import {
  findClusterOf,
  getCluster,
  getLinkageOverview,
  getReviewQueue,
  listLinkedClusters,
  listReviewEvents,
} from "../lists/index.ts";
import { decidePair, mergeClusters, revertEvent, unmergeRecord } from "../lists/index.ts";

const ID = ":id{[0-9a-f-]{36}}";
const L = "/team/:lang{(?:fa|en)}";
const PER_PAGE = 10;

/** A positive page number from the query (1 when absent or bad). */
function pageOf(c: Ctx): number {
  const n = Number.parseInt(c.req.query("page") ?? "1", 10);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** A same-site path to go back to after a form, or the fallback. */
function backTo(value: string, fallback: string): string {
  return /^\/team\/(fa|en)\/(linkage|estimation)(\/[\w?=%&.:-]*)?$/.test(value) ? value : fallback;
}

/**
 * Registers the linkage and estimation pages: a route module for `routeModules()`, mounted before
 * the workspace module.
 */
export function listsRoutes(app: App, deps: AppDeps): void {
  for (const path of [`/team/:lang/linkage/*`, `/team/:lang/estimation/*`]) {
    app.use(
      path,
      bodyLimit({
        maxSize: 64 * 1024,
        onError: () => {
          throw new SabtError("payload_too_large", "The form is larger than 64 KiB");
        },
      }),
    );
    app.use(path, csrfProtection(deps.config.publicUrl));
  }

  app.get(
    `${L}/linkage`,
    guarded(deps, (c) => getLinkage(c, deps)),
  );
  app.post(
    `${L}/linkage/run`,
    guarded(deps, (c) => postLinkageRun(c, deps)),
  );
  app.post(
    `${L}/linkage/decide`,
    guarded(deps, (c) => postLinkageDecide(c, deps)),
  );
  app.get(
    `${L}/linkage/clusters`,
    guarded(deps, (c) => getLinkageClusters(c, deps)),
  );
  app.get(
    `${L}/linkage/cluster`,
    guarded(deps, (c) => getLinkageCluster(c, deps)),
  );
  app.post(
    `${L}/linkage/merge`,
    guarded(deps, (c) => postLinkageMerge(c, deps)),
  );
  app.post(
    `${L}/linkage/unmerge`,
    guarded(deps, (c) => postLinkageUnmerge(c, deps)),
  );
  app.post(
    `${L}/linkage/revert`,
    guarded(deps, (c) => postLinkageRevert(c, deps)),
  );
  app.get(
    `${L}/linkage/history`,
    guarded(deps, (c) => getLinkageHistory(c, deps)),
  );
  app.get(
    `${L}/estimation`,
    guarded(deps, (c) => getEstimation(c, deps)),
  );
  app.post(
    `${L}/estimation/run`,
    guarded(deps, (c) => postEstimationRun(c, deps)),
  );

  app.get(
    `${L}/estimation/${ID}`,
    guarded(deps, (c) => getEstimationById(c, deps)),
  );
  app.get(
    `${L}/estimation/${ID}/plot.svg`,
    guarded(deps, (c) => getEstimationByIdPlotSvg(c, deps)),
  );

  for (const action of ["publish", "unpublish"] as const) {
    app.post(
      `${L}/estimation/${ID}/${action}`,
      guarded(deps, (c) => postEstimationAction(c, deps, action)),
    );
  }
}

/** GET /team/{lang}/linkage. */
async function getLinkage(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const n = pageOf(c);
  const raw = await getLinkageOverview(db, viewer);
  const overview = raw.run ? { ...raw, run: (await withActorNames(db, lang, [raw.run]))[0]! } : raw;
  const queue = await getReviewQueue(db, viewer, { limit: PER_PAGE, offset: (n - 1) * PER_PAGE });
  const events = await withActorNames(db, lang, await listReviewEvents(db, viewer, { limit: 10 }));
  const csrf = pageCsrf(c, deps);
  const canReview = mayLists(viewer, "review");
  const t = listsMessages(lang);
  const [job] = await listJobs(db, { kinds: [LINK_RUN.kind], limit: 1 });
  return page(
    c,
    deps,
    t.linkage,
    <>
      <Overview lang={lang} csrf={csrf} o={overview} canReview={canReview} job={job} />
      <Queue
        lang={lang}
        csrf={csrf}
        pairs={queue.pairs}
        total={queue.total}
        page={n}
        perPage={PER_PAGE}
        canReview={canReview}
      />
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">{t.history}</h2>
        <History
          lang={lang}
          csrf={csrf}
          events={events}
          canReview={canReview}
          back={`/team/${lang}/linkage`}
        />
      </section>
    </>,
  );
}

/** POST /team/{lang}/linkage/run. */
async function postLinkageRun(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody({ all: true });
  const lists = ([] as unknown[]).concat(form.list ?? []).filter((x): x is string => typeof x === "string");
  // A run over large lists takes minutes: it is queued as a job, run by the server or a worker.
  const payload = requestLinkRun(viewer, {
    ...(lists.length > 0 ? { listIds: lists } : {}),
    ...(field(form, "bandLow") ? { bandLow: field(form, "bandLow") } : {}),
    ...(field(form, "bandHigh") ? { bandHigh: field(form, "bandHigh") } : {}),
  });
  await enqueueJob(db, LINK_RUN, payload, viewer.kind === "user" ? { createdBy: `user:${viewer.userId}` } : {});
  return c.redirect(`/team/${langOf(c)}/linkage`, 303);
}

/** POST /team/{lang}/linkage/decide. */
async function postLinkageDecide(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const decision = field(form, "decision");
  if (decision !== "match" && decision !== "non-match") {
    throw validationError("decision: choose same person or different people");
  }
  const note = field(form, "note");
  await db.transaction().execute((trx) =>
    decidePair(trx, viewer, {
      left: recordKeyFrom(field(form, "left")),
      right: recordKeyFrom(field(form, "right")),
      decision,
      ...(note ? { note } : {}),
    }),
  );
  const n = Number.parseInt(field(form, "page") || "1", 10);
  return c.redirect(`/team/${langOf(c)}/linkage${Number.isInteger(n) && n > 1 ? `?page=${n}` : ""}`, 303);
}

/** GET /team/{lang}/linkage/clusters. */
async function getLinkageClusters(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const n = pageOf(c);
  const rows = await listLinkedClusters(db, viewer, { limit: 51, offset: (n - 1) * 50 });
  return page(
    c,
    deps,
    listsMessages(lang).clusters,
    <ClusterList lang={lang} clusters={rows.slice(0, 50)} page={n} hasMore={rows.length > 50} />,
  );
}

/** GET /team/{lang}/linkage/cluster. */
async function getLinkageCluster(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const record = c.req.query("record");
  if (record !== undefined) {
    return c.redirect(clusterHref(lang, await findClusterOf(db, viewer, recordKeyFrom(record))), 302);
  }
  const id = (c.req.query("id") ?? "").slice(0, 800);
  if (!id) throw validationError("id: which cluster?");
  const cl = await getCluster(db, viewer, id);
  return page(
    c,
    deps,
    listsMessages(lang).cluster,
    <ClusterView
      lang={lang}
      csrf={pageCsrf(c, deps)}
      id={cl.id}
      members={cl.members}
      events={cl.events}
      canReview={mayLists(viewer, "review")}
    />,
  );
}

/** POST /team/{lang}/linkage/merge. */
async function postLinkageMerge(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const note = field(form, "note");
  const b = field(form, "b").trim();
  // The other cluster may be typed as a cluster id or as any of its records' keys.
  const other = b.includes(":") ? await findClusterOf(db, viewer, recordKeyFrom(b)).catch(() => b) : b;
  await db
    .transaction()
    .execute((trx) =>
      mergeClusters(trx, viewer, { a: field(form, "a"), b: other, ...(note ? { note } : {}) }),
    );
  const merged = await findClusterOf(db, viewer, recordKeyFrom(field(form, "a")));
  return c.redirect(clusterHref(langOf(c), merged), 303);
}

/** POST /team/{lang}/linkage/unmerge. */
async function postLinkageUnmerge(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const note = field(form, "note");
  const record = recordKeyFrom(field(form, "record"));
  const before = await findClusterOf(db, viewer, record);
  await db.transaction().execute((trx) => unmergeRecord(trx, viewer, { record, ...(note ? { note } : {}) }));
  const rest = await getCluster(db, viewer, before).catch(() => undefined);
  const to = rest && rest.members.length > 0 ? before : await findClusterOf(db, viewer, record);
  return c.redirect(clusterHref(langOf(c), to), 303);
}

/** POST /team/{lang}/linkage/revert. */
async function postLinkageRevert(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const note = field(form, "note");
  await db
    .transaction()
    .execute((trx) =>
      revertEvent(trx, viewer, { eventId: field(form, "eventId"), ...(note ? { note } : {}) }),
    );
  return c.redirect(backTo(field(form, "back"), `/team/${langOf(c)}/linkage/history`), 303);
}

/** GET /team/{lang}/linkage/history. */
async function getLinkageHistory(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const events = await withActorNames(db, lang, await listReviewEvents(db, viewer, { limit: 200 }));
  return page(
    c,
    deps,
    listsMessages(lang).history,
    <History
      lang={lang}
      csrf={pageCsrf(c, deps)}
      events={events}
      canReview={mayLists(viewer, "review")}
      back={`/team/${lang}/linkage/history`}
    />,
  );
}

/** GET /team/{lang}/estimation. */
async function getEstimation(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const runs = await listEstimates(db, viewer);
  const overview = await getLinkageOverview(db, viewer);
  const t = listsMessages(lang);
  const [job] = await listJobs(db, { kinds: [ESTIMATE_RUN.kind], limit: 1 });
  return page(
    c,
    deps,
    t.estimation,
    <>
      {job ? <JobStatus lang={lang} job={job} queued={t.estimateQueued} running={t.estimateRunning} failed={t.estimateFailed} /> : null}
      {overview.run ? null : <p>{t.needLinkage}</p>}
      {overview.run && mayLists(viewer, "estimate") ? (
        <EstimateForm lang={lang} csrf={pageCsrf(c, deps)} />
      ) : null}
      <EstimateList lang={lang} runs={runs} />
    </>,
  );
}

/** POST /team/{lang}/estimation/run. */
async function postEstimationRun(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  const input: Record<string, string> = {};
  for (const k of ["method", "model", "seed", "iterations", "burnin", "thinning", "chains", "strata"]) {
    const v = field(form, k).trim();
    if (v) input[k] = v;
  }
  // An LCMCR run takes minutes: it is queued as a job, run by the server or a worker.
  const payload = requestEstimateRun(viewer, input);
  await enqueueJob(db, ESTIMATE_RUN, payload, viewer.kind === "user" ? { createdBy: `user:${viewer.userId}` } : {});
  return c.redirect(`/team/${langOf(c)}/estimation`, 303);
}

/** GET /team/{lang}/estimation/{id}. */
async function getEstimationById(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const e = (await withActorNames(db, lang, [await getEstimate(db, viewer, c.req.param("id") ?? "")]))[0]!;
  return page(
    c,
    deps,
    listsMessages(lang).estimation,
    <EstimateDetail lang={lang} csrf={pageCsrf(c, deps)} e={e} canPublish={mayLists(viewer, "publish")} />,
  );
}

/** GET /team/{lang}/estimation/{id}/plot.svg. */
async function getEstimationByIdPlotSvg(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const svg = await getEstimatePlot(db, viewer, c.req.param("id") ?? "");
  return c.body(svg, 200, {
    "Content-Type": "image/svg+xml; charset=utf-8",
    "Cache-Control": "private, no-cache",
  });
}

/** POST /team/{lang}/estimation/{id}/publish or …/unpublish. */
async function postEstimationAction(
  c: Ctx,
  deps: AppDeps,
  action: "publish" | "unpublish",
): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const id = c.req.param("id") ?? "";
  const form = await c.req.parseBody();
  await db.transaction().execute(async (trx) => {
    if (action === "unpublish") return unpublishEstimate(trx, viewer, id);
    // A member's publication waits for a second member (four eyes); the page says so.
    await publishEstimate(trx, viewer, id, { labelFa: field(form, "labelFa"), labelEn: field(form, "labelEn") });
  });
  return c.redirect(`/team/${langOf(c)}/estimation/${id}`, 303);
}
