import { auditConfidentialReads, resolveActors } from "../auth/index.ts";
import {
  createClaim,
  editClaim,
  getClaim,
  listClaimRevisions,
  revertClaim,
  ClaimRevertSchema,
} from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { getEntity } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError, validationError } from "../shared/errors.ts";
import { authorize, can } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { readCreateForm, readEditForm } from "./claim.form.ts";
import { ClaimForm, HistoryTable, type FormLabels } from "./claim.pages.tsx";
import type { Claim } from "../claims/index.ts";
import type { Lang } from "../i18n/index.ts";
import type { FieldCtx } from "./authoring.fields.tsx";
import { authoringMessages } from "./authoring.i18n.ts";
import { labelsFor } from "./entity.routes.tsx";
import { formValuesOf, type PickResult } from "./picker.ts";
import { messages } from "./i18n.ts";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** Labels of the records a claim form names (its first source, its reference) for the pickers. */
async function formLabels(db: Db, viewer: Viewer, claim: Claim | undefined): Promise<FormLabels> {
  if (!claim) return new Map();
  const ids = [...claim.sources.map((s) => s.sourceId), ...(claim.value.type === "entity" ? [claim.value.id] : [])];
  return labelsFor(db, viewer, ids);
}

function emptyForm(lang: Lang): { f: FieldCtx; picks: Map<string, PickResult> } {
  return { f: { lang, values: new Map(), errors: new Map() }, picks: new Map() };
}

const param = (c: Ctx, name: string) => c.req.param(name) ?? "";

/** Registers the claim forms: add, edit (with stale-version conflicts), history and revert. */
export function registerClaimPages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/entities/:id/claims/new`,
    guarded(deps, (c) => getEntitiesByIdClaimsNew(c, deps)),
  );
  app.post(
    `${L}/entities/:id/claims`,
    guarded(deps, (c) => postEntitiesByIdClaims(c, deps)),
  );
  app.get(
    `${L}/claims/:id/edit`,
    guarded(deps, (c) => getClaimsByIdEdit(c, deps)),
  );
  app.post(
    `${L}/claims/:id`,
    guarded(deps, (c) => postClaimsById(c, deps)),
  );
  app.get(
    `${L}/claims/:id/history`,
    guarded(deps, (c) => getClaimsByIdHistory(c, deps)),
  );
  app.post(
    `${L}/claims/:id/revert`,
    guarded(deps, (c) => postClaimsByIdRevert(c, deps)),
  );
}

/** GET /team/{lang}/entities/:id/claims/new. */
async function getEntitiesByIdClaimsNew(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  authorize(viewer, "create");
  const lang = langOf(c);
  const entity = await getEntity(db, viewer, param(c, "id"));
  return page(
    c,
    deps,
    `${messages(lang).addClaim}: ${entity.label}`,
    <ClaimForm lang={lang} csrf={pageCsrf(c, deps)} action={`/team/${lang}/entities/${encodeURIComponent(entity.id)}/claims`} labels={new Map()} {...emptyForm(lang)} />,
  );
}

/** POST /team/{lang}/entities/:id/claims. */
async function postEntitiesByIdClaims(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const entity = await getEntity(db, viewer, param(c, "id"));
  const values = formValuesOf(await c.req.parseBody());
  const read = await readCreateForm(db, viewer, entity.id, values, authoringMessages(lang));
  let error: string | undefined;
  if (read.input) {
    const input = read.input;
    try {
      const claim = await db.transaction().execute((trx) => createClaim(trx, viewer, input));
      return c.redirect(`/team/${lang}/entities/${encodeURIComponent(entity.id)}#claim-${claim.id}`, 303);
    } catch (e) {
      if (!isSabtError(e) || e.id !== "validation_failed") throw e;
      error = e.message;
    }
  }
  return page(
    c,
    deps,
    `${messages(lang).addClaim}: ${entity.label}`,
    <ClaimForm
      lang={lang}
      csrf={pageCsrf(c, deps)}
      action={`/team/${lang}/entities/${encodeURIComponent(entity.id)}/claims`}
      f={{ lang, values, errors: read.errors }}
      picks={read.picks}
      labels={new Map()}
      error={error}
    />,
    400,
  );
}

/** GET /team/{lang}/claims/:id/edit. */
async function getClaimsByIdEdit(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const claim = await getClaim(db, viewer, param(c, "id"));
  authorize(viewer, "update", { visibility: claim.visibility, what: "Claim" });
  await auditConfidentialReads(db, viewer, [claim]);
  return page(
    c,
    deps,
    `${messages(lang).edit}: ${claim.property}`,
    <ClaimForm
      lang={lang}
      csrf={pageCsrf(c, deps)}
      action={`/team/${lang}/claims/${encodeURIComponent(claim.id)}`}
      labels={await formLabels(db, viewer, claim)}
      claim={claim}
      {...emptyForm(lang)}
    />,
  );
}

/** POST /team/{lang}/claims/:id. */
async function postClaimsById(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const current = await getClaim(db, viewer, param(c, "id"));
  const values = formValuesOf(await c.req.parseBody());
  const read = await readEditForm(db, viewer, current, values, authoringMessages(lang));
  let failure: { message: string; conflict: boolean } | undefined;
  if (read.input) {
    const edit = read.input;
    try {
      const claim = await db.transaction().execute((trx) => editClaim(trx, viewer, current.id, edit));
      return c.redirect(`/team/${lang}/entities/${encodeURIComponent(claim.entityId)}#claim-${claim.id}`, 303);
    } catch (e) {
      if (!isSabtError(e) || (e.id !== "validation_failed" && e.id !== "stale_version")) throw e;
      failure = { message: e.message, conflict: e.id === "stale_version" };
    }
  }
  const conflict = failure?.conflict ?? false;
  // On a conflict the form shows the stored claim as it is now, not the member's stale edit.
  const fresh = conflict ? await getClaim(db, viewer, current.id) : current;
  await auditConfidentialReads(db, viewer, [fresh]);
  return page(
    c,
    deps,
    `${messages(lang).edit}: ${fresh.property}`,
    <ClaimForm
      lang={lang}
      csrf={pageCsrf(c, deps)}
      action={`/team/${lang}/claims/${encodeURIComponent(fresh.id)}`}
      labels={await formLabels(db, viewer, fresh)}
      claim={fresh}
      f={{ lang, values: conflict ? new Map() : values, errors: read.errors }}
      picks={conflict ? new Map() : read.picks}
      error={failure?.message}
      conflict={conflict}
    />,
    conflict ? 409 : 400,
  );
}

/** GET /team/{lang}/claims/:id/history. */
async function getClaimsByIdHistory(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const { claim, revisions } = await listClaimRevisions(db, viewer, param(c, "id"));
  if (revisions.some((r) => r.snapshot.visibility === "confidential")) {
    await auditConfidentialReads(db, viewer, [
      { id: claim.id, entityId: claim.entityId, visibility: "confidential" },
    ]);
  }
  return page(
    c,
    deps,
    `${messages(lang).history}: ${claim.property}`,
    <HistoryTable
      lang={lang}
      csrf={pageCsrf(c, deps)}
      claim={claim}
      revisions={revisions}
      canRevert={can(viewer, "update")}
      actors={await resolveActors(db, revisions.map((r) => r.author))}
    />,
  );
}

/** POST /team/{lang}/claims/:id/revert. */
async function postClaimsByIdRevert(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const claim = await getClaim(db, viewer, param(c, "id"));
  const form = await c.req.parseBody();
  const parsed = ClaimRevertSchema.safeParse({
    version: Number(field(form, "version")),
    toVersion: Number(field(form, "toVersion")),
  });
  if (!parsed.success) throw validationError("toVersion: a version number");
  try {
    await db.transaction().execute((trx) => revertClaim(trx, viewer, claim.id, parsed.data));
  } catch (e) {
    if (!isSabtError(e) || e.id !== "stale_version") throw e;
    const now = await listClaimRevisions(db, viewer, claim.id);
    const t = messages(lang);
    return page(
      c,
      deps,
      `${t.history}: ${claim.property}`,
      <HistoryTable
        lang={lang}
        csrf={pageCsrf(c, deps)}
        claim={now.claim}
        revisions={now.revisions}
        canRevert
        actors={await resolveActors(db, now.revisions.map((r) => r.author))}
        error={`${t.conflict} ${e.message}`}
      />,
      409,
    );
  }
  return c.redirect(`/team/${lang}/claims/${encodeURIComponent(claim.id)}/history`, 303);
}
