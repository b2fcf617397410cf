/**
 * Authoring from the workspace: a new record of any type (a relation with its parts and citation,
 * an article with its text), all of it created in one transaction; the edit of a record's label,
 * address name and visibility at a known version; the entity picker's lookup endpoint and script.
 */
import { createClaims, type ClaimValueInput } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { createEntity, editEntity, EntityTypeSchema, getEntity, type EntityCreateReq, type EntityType } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { renderMarkdown } from "../http/index.ts";
import type { Lang } from "../i18n/index.ts";
import { isSabtError, validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { VisibilitySchema } from "../shared/visibility.ts";
import { AUTHORING_CSS, PICKER_JS } from "./authoring.fields.tsx";
import { checkStorable, langOfText, parseCitation, parseDateField, parseEntityBase, parseTextField, type FieldErrors } from "./authoring.form.ts";
import { authoringMessages, type AuthoringMessages } from "./authoring.i18n.ts";
import { EditEntityForm, NewEntityForm, TypeChooser, type FormState } from "./authoring.pages.tsx";
import { registerArticleEditor } from "./article.routes.tsx";
import { AUTHORING_STYLES, PICKER_SCRIPT } from "./picker.assets.ts";
import { formValuesOf, lookupEntities, resolvePick, type FormValues, type PickResult } from "./picker.ts";
import { labelProperty, RELATION_PARTS, TITLED_RELATIONS } from "./relations.ts";
import { guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** A claim of a record being created, before it has an entity id. */
interface Draft {
  property: string;
  value: ClaimValueInput;
}

/** What a submitted creation form amounts to. */
interface Plan {
  state: FormState;
  base: EntityCreateReq;
  drafts: Draft[];
  sources: { sourceId: string; locator?: Record<string, string | number> }[];
  editorial: boolean;
}

/**
 * Registers the authoring pages. Registered before the record page, so that `/entities/new` and
 * `/entities/lookup` are not taken for record ids.
 */
export function registerAuthoringPages(app: App, deps: AppDeps): void {
  app.get(PICKER_JS, (c) => c.body(PICKER_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }));
  app.get(AUTHORING_CSS, (c) => c.body(AUTHORING_STYLES, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-cache" }));
  app.get(
    `${L}/entities/new`,
    guarded(deps, (c) => getEntitiesNew(c, deps)),
  );
  app.get(
    `${L}/entities/lookup`,
    guarded(deps, (c) => getEntitiesLookup(c, deps)),
  );
  app.post(
    `${L}/entities`,
    guarded(deps, (c) => postEntities(c, deps)),
  );
  app.get(
    `${L}/entities/:id/edit`,
    guarded(deps, (c) => getEntitiesByIdEdit(c, deps)),
  );
  app.post(
    `${L}/entities/:id/edit`,
    guarded(deps, (c) => postEntitiesByIdEdit(c, deps)),
  );
  registerArticleEditor(app, deps);
}

function emptyState(lang: Lang, values: FormValues = new Map()): FormState {
  return { f: { lang, values, errors: new Map() }, picks: new Map() };
}

function newTitle(t: AuthoringMessages, type: EntityType): string {
  return `${t.newRecord}: ${t.types[type]}`;
}

/** GET /team/{lang}/entities/new(?type=…). */
async function getEntitiesNew(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  authorize(viewer, "create");
  const lang = langOf(c);
  const t = authoringMessages(lang);
  const type = EntityTypeSchema.safeParse(c.req.query("type"));
  if (!type.success) return page(c, deps, t.newRecord, <TypeChooser lang={lang} />);
  return page(c, deps, newTitle(t, type.data), <NewEntityForm lang={lang} csrf={pageCsrf(c, deps)} type={type.data} s={emptyState(lang)} />);
}

/** GET /team/{lang}/entities/lookup?q=…&type=…: the picker's matches as JSON (id, label, type). */
async function getEntitiesLookup(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const types = (c.req.queries("type") ?? [])
    .flatMap((x) => x.split(","))
    .map((x) => EntityTypeSchema.safeParse(x.trim()))
    .flatMap((r) => (r.success ? [r.data] : []));
  const items = await lookupEntities(deps.db, viewer, c.req.query("q") ?? "", types, 10);
  return c.json({ items }, 200, { "Cache-Control": "no-store" });
}

/** The parts of a relation: references resolved by the picker, dates in their calendars, texts. */
async function planParts(db: Db, viewer: Viewer, type: EntityType, values: FormValues, t: AuthoringMessages, errors: FieldErrors, picks: Map<string, PickResult>): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const part of RELATION_PARTS.get(type) ?? []) {
    const name = `part_${part.property}`;
    if (part.kind === "ref") {
      const pick = await resolvePick(db, viewer, values, name, { types: part.types, required: part.required, t });
      picks.set(name, pick);
      if (pick.error) errors.set(name, pick.error);
      if (pick.picked) drafts.push({ property: part.property, value: { type: "entity", id: pick.picked.id } });
    } else if (part.kind === "date") {
      const value = parseDateField(values, name, t, errors);
      if (value) drafts.push({ property: part.property, value });
    } else {
      const text = parseTextField(values, name, t, errors);
      if (text) drafts.push({ property: part.property, value: { type: "text", text, lang: langOfText(text) } });
    }
  }
  return drafts;
}

/** An article's text, tag and publication date (the team's own writing: editorial claims). */
async function planArticle(db: Db, viewer: Viewer, values: FormValues, base: EntityCreateReq, t: AuthoringMessages, errors: FieldErrors, picks: Map<string, PickResult>): Promise<Draft[]> {
  const lang = values.get("articleLang") === "fa" ? "fa" : "en";
  const title = parseTextField(values, "title", t, errors, 300) ?? base.label;
  const drafts: Draft[] = [{ property: "title", value: { type: "text", text: title, lang } }];
  const summary = parseTextField(values, "summary", t, errors, 20000);
  if (summary) drafts.push({ property: "summary", value: { type: "text", text: summary, lang } });
  const body = parseTextField(values, "body", t, errors, 20000);
  if (body) drafts.push({ property: "body", value: { type: "text", text: body, lang } });
  const published = parseDateField(values, "published", t, errors);
  if (published) drafts.push({ property: "published", value: published });
  const tag = await resolvePick(db, viewer, values, "tag", { types: ["tag"], required: false, t });
  picks.set("tag", tag);
  if (tag.error) errors.set("tag", tag.error);
  if (tag.picked) drafts.push({ property: "tag", value: { type: "entity", id: tag.picked.id } });
  return drafts;
}

/** Reads a creation form into the record and claims to create, or the problems to show. */
async function planCreation(db: Db, viewer: Viewer, lang: Lang, type: EntityType, values: FormValues): Promise<Plan> {
  const t = authoringMessages(lang);
  const state = emptyState(lang, values);
  const { errors } = state.f;
  const picks = new Map<string, PickResult>();
  state.picks = picks;
  checkStorable(values, t, errors);
  const isRelation = RELATION_PARTS.has(type);
  const base = parseEntityBase(values, type, t, errors, isRelation && !TITLED_RELATIONS.has(type));
  let drafts: Draft[] = [];
  if (isRelation) {
    drafts = await planParts(db, viewer, type, values, t, errors, picks);
    if (!(values.get("label") ?? "").trim()) {
      const named = [...picks.values()].flatMap((p) => (p.picked ? [p.picked.label] : []));
      base.label = (named.length > 0 ? named.slice(0, 2).join(": ") : t.types[type]).slice(0, 300);
    }
  } else if (type === "article") {
    drafts = await planArticle(db, viewer, values, base, t, errors, picks);
    if (values.get("preview") === "1") state.previewHtml = renderMarkdown(values.get("body") ?? "", values.get("articleLang") === "fa" ? "fa" : "en");
    return { state, base, drafts, sources: [], editorial: true };
  } else {
    const lp = labelProperty(type);
    if (lp) drafts.push({ property: lp.property, value: lp.asName ? { type: "name", text: base.label, kind: "full" } : { type: "text", text: base.label, lang: langOfText(base.label) } });
  }
  const citation = await parseCitation(db, viewer, values, t, errors, { optional: !isRelation });
  picks.set("sourceId", citation.pick);
  return { state, base, drafts, sources: citation.sources, editorial: citation.editorial };
}

/** POST /team/{lang}/entities: creates a record and its claims in one transaction. */
async function postEntities(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  authorize(viewer, "create");
  const lang = langOf(c);
  const t = authoringMessages(lang);
  const values = formValuesOf(await c.req.parseBody());
  const type = EntityTypeSchema.safeParse(values.get("type"));
  if (!type.success) throw validationError("type: unknown record type");
  const plan = await planCreation(db, viewer, lang, type.data, values);
  const again = (status: 200 | 400) => page(c, deps, newTitle(t, type.data), <NewEntityForm lang={lang} csrf={pageCsrf(c, deps)} type={type.data} s={plan.state} />, status);
  if (plan.state.f.errors.size > 0) return again(400);
  if (plan.state.previewHtml !== undefined) return again(200);
  try {
    const entity = await db.transaction().execute(async (trx) => {
      const e = await createEntity(trx, viewer, plan.base);
      if (plan.drafts.length > 0) {
        await createClaims(
          trx,
          viewer,
          plan.drafts.map((d) => ({ entityId: e.id, ...d, sources: plan.sources, editorial: plan.editorial, confidence: "medium", visibility: plan.base.visibility, status: "asserted" })),
        );
      }
      return e;
    });
    return c.redirect(`/team/${lang}/entities/${encodeURIComponent(entity.id)}`, 303);
  } catch (e) {
    // A rule only a service can check (a source deleted meanwhile): nothing was saved.
    if (!isSabtError(e) || e.id !== "validation_failed") throw e;
    plan.state.formError = e.message;
    return again(400);
  }
}

/** GET /team/{lang}/entities/:id/edit. */
async function getEntitiesByIdEdit(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const entity = await getEntity(deps.db, viewer, c.req.param("id") ?? "");
  authorize(viewer, "update", { visibility: entity.visibility, what: "Entity" });
  const f = { lang, values: new Map<string, string>(), errors: new Map<string, string>() };
  return page(c, deps, `${authoringMessages(lang).editRecord}: ${entity.label}`, <EditEntityForm lang={lang} csrf={pageCsrf(c, deps)} entity={entity} f={f} />);
}

/** POST /team/{lang}/entities/:id/edit: label, address name and visibility at a known version. */
async function postEntitiesByIdEdit(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = authoringMessages(lang);
  const current = await getEntity(db, viewer, c.req.param("id") ?? "");
  const values = formValuesOf(await c.req.parseBody());
  const errors: FieldErrors = new Map();
  checkStorable(values, t, errors);
  const base = parseEntityBase(values, current.type, t, errors, false);
  const version = Number(values.get("version"));
  const visibility = VisibilitySchema.safeParse(values.get("visibility"));
  const reason = (values.get("reason") ?? "").trim();
  if (reason.length > 1000) errors.set("reason", t.tooLong);
  const render = (entity: typeof current, status: 400 | 409, conflict: boolean) =>
    page(c, deps, `${t.editRecord}: ${entity.label}`, <EditEntityForm lang={lang} csrf={pageCsrf(c, deps)} entity={entity} f={{ lang, values: conflict ? new Map() : values, errors }} conflict={conflict} />, status);
  if (errors.size > 0 || !Number.isInteger(version) || version < 1) return render(current, 400, false);
  try {
    const edit = {
      version,
      label: base.label,
      ...(base.slug && base.slug !== current.slug ? { slug: base.slug } : {}),
      ...(visibility.success ? { visibility: visibility.data } : {}),
      ...(reason ? { reason } : {}),
    };
    await db.transaction().execute((trx) => editEntity(trx, viewer, current.id, edit));
  } catch (e) {
    if (!isSabtError(e) || e.id !== "stale_version") throw e;
    // The form shows the record as it is now; the member's stale edit is not applied.
    return render(await getEntity(db, viewer, current.id), 409, true);
  }
  return c.redirect(`/team/${lang}/entities/${encodeURIComponent(current.id)}`, 303);
}
