import { auditConfidentialReads, resolveActors } from "../auth/index.ts";
import { listClaimVersions, listEntityVersions, listRecordHistory, revertClaim, type VersionView } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { revertEntityLabel } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import type { Lang } from "../i18n/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { can } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { ComparePairSchema, reasonProblem, RevertVersionsSchema } from "./history.form.ts";
import { historyMessages } from "./history.i18n.ts";
import { actorLabel, ComparePage, RecordHistoryTable, type CompareProps, type ReadableVersion } from "./history.pages.tsx";
import { labelsFor } from "./entity.routes.tsx";
import { Notice } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";
const PAGE = 50;

const param = (c: Ctx, name: string) => c.req.param(name) ?? "";

/** Registers the record history, the side-by-side comparison of versions and revert from there. */
export function registerHistoryPages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/entities/:id/history`,
    guarded(deps, (c) => getRecordHistory(c, deps)),
  );
  app.get(
    `${L}/entities/:id/compare`,
    guarded(deps, async (c) => getCompare(c, deps, await entitySubject(deps.db, requireMember(c), langOf(c), param(c, "id")))),
  );
  app.post(
    `${L}/entities/:id/compare/revert`,
    guarded(deps, (c) => postRevert(c, deps, "entity")),
  );
  app.get(
    `${L}/claims/:id/compare`,
    guarded(deps, async (c) => getCompare(c, deps, await claimSubject(deps.db, requireMember(c), langOf(c), param(c, "id")))),
  );
  app.post(
    `${L}/claims/:id/compare/revert`,
    guarded(deps, (c) => postRevert(c, deps, "claim")),
  );
}

/**
 * Items whose `actor` (`user:<id>`, `system:…`) is replaced by who it names, for people (one
 * lookup for all): for the other history views of the workspace (linkage review, estimates).
 */
export async function withActorNames<T extends { actor: string }>(db: Db, lang: Lang, items: readonly T[]): Promise<T[]> {
  const actors = await resolveActors(db, items.map((i) => i.actor));
  return items.map((i) => ({ ...i, actor: actorLabel(lang, i.actor, actors) }));
}

/** GET /team/{lang}/entities/:id/history. */
async function getRecordHistory(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const offset = Math.max(0, Math.min(1_000_000, Number.parseInt(c.req.query("offset") ?? "0", 10) || 0));
  const { entity, changes: raw, total } = await listRecordHistory(db, viewer, param(c, "id"), { limit: PAGE, offset });
  const current = await withSourceLabels(db, viewer, raw.map((ch) => ch.current));
  const previous = await withSourceLabels(db, viewer, raw.map((ch) => ch.previous));
  const changes = raw.map((_, i) => ({ current: current[i]!, previous: previous[i] }));
  const actors = await resolveActors(db, changes.map((ch) => ch.current.author));
  // Confidential claim values opened on this page are logged (ids only), as on the claim's own history.
  const opened = changes.flatMap((ch) => [ch.current, ...(ch.previous ? [ch.previous] : [])]);
  await auditConfidentialReads(db, viewer, confidentialClaimsShown(opened, entity.id));
  return page(
    c,
    deps,
    `${historyMessages(lang).recordHistory}: ${entity.label}`,
    <RecordHistoryTable lang={lang} entityId={entity.id} changes={changes} actors={actors} offset={offset} pageSize={PAGE} total={total} />,
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The versions with the sources they cite named by their labels instead of ids (one lookup for
 * all); a source the viewer may not read keeps its bare id, as on the record page.
 */
async function withSourceLabels<T extends VersionView | undefined>(db: Db, viewer: Viewer, versions: readonly T[]): Promise<T[]> {
  const ids = versions.flatMap((v) => v?.fields?.get("sources")?.match(UUID) ?? []);
  if (ids.length === 0) return [...versions];
  const labels = await labelsFor(db, viewer, ids);
  return versions.map((v) => {
    const text = v?.fields?.get("sources");
    if (!v?.fields || !text) return v;
    const fields = new Map(v.fields);
    fields.set("sources", text.replace(UUID, (id) => labels.get(id)?.label ?? id));
    return { ...v, fields };
  });
}

function confidentialClaimsShown(versions: readonly VersionView[], entityId: string) {
  const ids = new Set(versions.filter((v) => v.objectType === "claim" && v.fields && v.visibility === "confidential").map((v) => v.objectId));
  return [...ids].map((id) => ({ id, entityId, visibility: "confidential" }));
}

/** The object whose versions a comparison page shows: a claim, or a record's own fields. */
interface Subject {
  kind: "claim" | "entity";
  id: string;
  entityId: string;
  title: string;
  action: string;
  recordHref: string;
  versions: readonly VersionView[];
  currentVersion: number;
}

async function claimSubject(db: Db, viewer: Viewer, lang: Lang, id: string): Promise<Subject> {
  const { claim, entity, versions } = await listClaimVersions(db, viewer, id);
  return {
    kind: "claim",
    id: claim.id,
    entityId: entity.id,
    title: `${historyMessages(lang).compareOf} ${claim.property}: ${entity.label}`,
    action: `/team/${lang}/claims/${encodeURIComponent(claim.id)}/compare`,
    recordHref: `/team/${lang}/entities/${encodeURIComponent(entity.id)}`,
    versions,
    currentVersion: claim.version,
  };
}

async function entitySubject(db: Db, viewer: Viewer, lang: Lang, id: string): Promise<Subject> {
  const { entity, versions } = await listEntityVersions(db, viewer, id);
  const recordHref = `/team/${lang}/entities/${encodeURIComponent(entity.id)}`;
  return {
    kind: "entity",
    id: entity.id,
    entityId: entity.id,
    title: `${historyMessages(lang).compareOf} ${entity.label}`,
    action: `${recordHref}/compare`,
    recordHref,
    versions,
    currentVersion: entity.version,
  };
}

/** The readable version numbered `n`, if there is one. */
function readable(s: Subject, n: number | undefined): ReadableVersion | undefined {
  const v = s.versions.find((x) => x.version === n);
  return v?.fields ? { ...v, fields: v.fields } : undefined;
}

/** A page that says the versions asked for are not valid (400) or do not exist for this viewer (404). */
function badVersions(c: Ctx, deps: AppDeps, s: Subject, status: 400 | 404): Response | Promise<Response> {
  const h = historyMessages(langOf(c));
  return page(
    c,
    deps,
    s.title,
    <>
      <Notice kind="error">{h.badVersion}</Notice>
      <p>
        <a href={s.action}>{h.compare}</a> · <a href={s.recordHref}>{h.backToRecord}</a>
      </p>
    </>,
    status,
  );
}

/** Renders the comparison of versions `a` and `b` of a subject, with the revert form's state. */
async function renderCompare(
  c: Ctx,
  deps: AppDeps,
  s: Subject,
  pair: { a?: number | undefined; b?: number | undefined },
  state: Pick<CompareProps, "toVersion" | "reason" | "reasonError" | "conflict"> = {},
  status: 200 | 400 | 409 = 200,
): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const shown = s.versions.filter((v) => v.fields);
  const pickedA = readable(s, pair.a ?? shown.at(-2)?.version ?? shown.at(-1)?.version);
  const pickedB = readable(s, pair.b ?? shown.at(-1)?.version);
  if (!pickedA || !pickedB) return badVersions(c, deps, s, 404);
  const [a, b] = (await withSourceLabels(deps.db, viewer, [pickedA, pickedB])) as [ReadableVersion, ReadableVersion];
  await auditConfidentialReads(deps.db, viewer, confidentialClaimsShown([a, b], s.entityId));
  const actors = await resolveActors(deps.db, [a.author, b.author]);
  return page(
    c,
    deps,
    s.title,
    <ComparePage
      lang={lang}
      csrf={pageCsrf(c, deps)}
      kind={s.kind}
      action={s.action}
      recordHref={s.recordHref}
      versions={s.versions}
      a={a}
      b={b}
      currentVersion={s.currentVersion}
      actors={actors}
      canRevert={can(viewer, "update")}
      {...state}
    />,
    status,
  );
}

/** GET /team/{lang}/claims/:id/compare and /team/{lang}/entities/:id/compare (`?a=&b=`). */
async function getCompare(c: Ctx, deps: AppDeps, s: Subject): Promise<Response> {
  const parsed = ComparePairSchema.safeParse({ a: c.req.query("a"), b: c.req.query("b") });
  if (!parsed.success) return badVersions(c, deps, s, 400);
  return renderCompare(c, deps, s, parsed.data);
}

/**
 * POST …/compare/revert: reverts the claim (through `revertClaim`) or the record's label (through
 * `revertEntityLabel`) to an earlier version, in one transaction, with the member's reason. A
 * missing reason shows the form again with the message beside the field; a change made meanwhile
 * shows the conflict with the current version; nothing is saved in either case.
 */
async function postRevert(c: Ctx, deps: AppDeps, kind: "claim" | "entity"): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const h = historyMessages(lang);
  const subjectOf = () => (kind === "claim" ? claimSubject : entitySubject)(db, viewer, lang, param(c, "id"));
  const s = await subjectOf();
  const form = await c.req.parseBody();
  const parsed = RevertVersionsSchema.safeParse({
    version: field(form, "version"),
    toVersion: field(form, "toVersion"),
    a: field(form, "a"),
    b: field(form, "b"),
  });
  if (!parsed.success) return badVersions(c, deps, s, 400);
  const { version, toVersion, a, b } = parsed.data;
  // Only a version the member may read can be restored (a sealed one stays sealed).
  if (!readable(s, toVersion)) return badVersions(c, deps, s, 404);
  const reason = field(form, "reason");
  const problem = reasonProblem(reason);
  if (problem) {
    const reasonError = problem === "missing" ? h.revertReasonNeeded : h.reasonTooLong;
    return renderCompare(c, deps, s, { a, b }, { toVersion, reason, reasonError }, 400);
  }
  try {
    const req = { version, toVersion, reason: reason.trim() };
    await db.transaction().execute(async (trx) => {
      if (kind === "claim") await revertClaim(trx, viewer, s.id, req);
      else await revertEntityLabel(trx, viewer, s.id, req);
    });
  } catch (e) {
    if (!isSabtError(e) || (e.id !== "stale_version" && e.id !== "validation_failed")) throw e;
    // The record as it is now, compared with the version the member wanted back.
    const fresh = await subjectOf();
    const conflict = e.id === "stale_version";
    return renderCompare(c, deps, fresh, { a: toVersion, b: fresh.currentVersion }, { toVersion, reason, conflict, ...(conflict ? {} : { reasonError: h.nothingToRevert }) }, conflict ? 409 : 400);
  }
  return c.redirect(`/team/${lang}/entities/${encodeURIComponent(s.entityId)}/history`, 303);
}
