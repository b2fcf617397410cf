/**
 * The article editor: an article's title, summary and Markdown body in one language, a tag and
 * its publication date, with a server-side preview rendered by the public site's own Markdown
 * renderer. Each text is a claim edited at the version shown (a stale version is refused, nothing
 * overwritten); every change of one submission happens in one transaction.
 */
import { createClaim, editClaim, listClaims, type Claim, type ClaimValueInput } from "../claims/index.ts";
import { getEntity, type Entity } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { renderMarkdown } from "../http/index.ts";
import type { Lang } from "../i18n/index.ts";
import { isSabtError, validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import type { Trx } from "../db/index.ts";
import { AuthoringAssets } from "./authoring.fields.tsx";
import { checkStorable, parseDateField, parseTextField, type FieldErrors } from "./authoring.form.ts";
import { authoringMessages } from "./authoring.i18n.ts";
import { ArticleFields, type FormState } from "./authoring.pages.tsx";
import { CsrfField, Notice } from "./layout.tsx";
import { formValuesOf, resolvePick, type FormValues } from "./picker.ts";
import { guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";
const TEXTS = ["title", "summary", "body"] as const;

/** Registers the article editor. */
export function registerArticleEditor(app: App, deps: AppDeps): void {
  app.get(
    `${L}/entities/:id/article`,
    guarded(deps, (c) => getEntitiesByIdArticle(c, deps)),
  );
  app.post(
    `${L}/entities/:id/article`,
    guarded(deps, (c) => postEntitiesByIdArticle(c, deps)),
  );
}

/** The stored claims the editor edits, for one language of the article. */
function current(claims: readonly Claim[], lang: Lang): Map<string, Claim> {
  const out = new Map<string, Claim>();
  for (const c of claims) {
    if (c.status === "retracted") continue;
    const inLang = c.value.type === "text" && c.value.lang === lang;
    if ((TEXTS as readonly string[]).includes(c.property) && inLang && !out.has(c.property)) out.set(c.property, c);
    if (c.property === "published" && !out.has("published")) out.set("published", c);
  }
  return out;
}

async function loadArticle(c: Ctx, deps: AppDeps, viewer: Viewer): Promise<Entity> {
  const entity = await getEntity(deps.db, viewer, c.req.param("id") ?? "");
  if (entity.type !== "article") throw validationError("id: not an article");
  authorize(viewer, "update", { visibility: entity.visibility, what: "Entity" });
  return entity;
}

function Editor(p: { lang: Lang; csrf: string; entity: Entity; s: FormState; stored: Map<string, Claim>; articleLang: Lang; conflict?: boolean }) {
  const t = authoringMessages(p.lang);
  const text = (k: string) => p.stored.get(k)?.valueText;
  return (
    <>
      {p.conflict ? (
        <Notice kind="error">
          <strong>{t.conflict}</strong> {t.conflictHelp}
        </Notice>
      ) : p.s.f.errors.size > 0 ? (
        <Notice kind="error">{t.fixErrors}</Notice>
      ) : null}
      <form method="post" action={`/team/${p.lang}/entities/${encodeURIComponent(p.entity.id)}/article`}>
        <CsrfField token={p.csrf} />
        {[...p.stored].map(([k, cl]) => (
          <input type="hidden" name={`v_${k}`} value={`${cl.id}:${cl.version}`} />
        ))}
        <ArticleFields s={p.s} fallback={{ title: text("title"), summary: text("summary"), body: text("body"), published: text("published"), articleLang: p.articleLang }} />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
      <AuthoringAssets />
    </>
  );
}

/** GET /team/{lang}/entities/:id/article(?articleLang=fa|en). */
async function getEntitiesByIdArticle(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireMember(c);
  const lang = langOf(c);
  const entity = await loadArticle(c, deps, viewer);
  const articleLang: Lang = c.req.query("articleLang") === "fa" ? "fa" : c.req.query("articleLang") === "en" ? "en" : lang;
  const stored = current(await listClaims(deps.db, viewer, entity.id), articleLang);
  const s: FormState = { f: { lang, values: new Map(), errors: new Map() }, picks: new Map() };
  return page(c, deps, `${authoringMessages(lang).editArticle}: ${entity.label}`, <Editor lang={lang} csrf={pageCsrf(c, deps)} entity={entity} s={s} stored={stored} articleLang={articleLang} />);
}

/** Writes one value: a new version of the stored claim when it changed, else a new claim. */
async function put(trx: Trx, viewer: Viewer, entity: Entity, values: FormValues, property: string, value: ClaimValueInput | undefined, text: string | undefined, stored: Claim | undefined) {
  if (!value) return;
  const [id, version] = (values.get(`v_${property}`) ?? "").split(":");
  if (stored && id === stored.id) {
    if (stored.valueText === text) return;
    await editClaim(trx, viewer, stored.id, { version: Number(version), value });
    return;
  }
  await createClaim(trx, viewer, { entityId: entity.id, property, value, sources: [], editorial: true, confidence: "medium", visibility: entity.visibility, status: "asserted" });
}

/** POST /team/{lang}/entities/:id/article: preview, or save every change in one transaction. */
async function postEntitiesByIdArticle(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = authoringMessages(lang);
  const entity = await loadArticle(c, deps, viewer);
  const values = formValuesOf(await c.req.parseBody());
  const articleLang: Lang = values.get("articleLang") === "fa" ? "fa" : "en";
  const errors: FieldErrors = new Map();
  checkStorable(values, t, errors);
  const texts = new Map(TEXTS.map((k) => [k, parseTextField(values, k, t, errors, k === "title" ? 300 : 20000)] as const));
  const published = parseDateField(values, "published", t, errors);
  const tag = await resolvePick(db, viewer, values, "tag", { types: ["tag"], required: false, t });
  if (tag.error) errors.set("tag", tag.error);
  const s: FormState = { f: { lang, values, errors }, picks: new Map([["tag", tag]]) };
  let stored = current(await listClaims(db, viewer, entity.id), articleLang);
  const again = (status: 200 | 400 | 409, conflict = false) =>
    page(c, deps, `${t.editArticle}: ${entity.label}`, <Editor lang={lang} csrf={pageCsrf(c, deps)} entity={entity} s={s} stored={stored} articleLang={articleLang} conflict={conflict} />, status);
  if (values.get("preview") === "1") s.previewHtml = renderMarkdown(values.get("body") ?? "", articleLang);
  if (errors.size > 0) return again(400);
  if (s.previewHtml !== undefined) return again(200);
  try {
    await db.transaction().execute(async (trx) => {
      for (const k of TEXTS) {
        const text = texts.get(k);
        await put(trx, viewer, entity, values, k, text ? { type: "text", text, lang: articleLang } : undefined, text, stored.get(k));
      }
      await put(trx, viewer, entity, values, "published", published, values.get("published")?.trim(), stored.get("published"));
      if (tag.picked) await createClaim(trx, viewer, { entityId: entity.id, property: "tag", value: { type: "entity", id: tag.picked.id }, sources: [], editorial: true, confidence: "medium", visibility: entity.visibility, status: "asserted" });
    });
  } catch (e) {
    if (!isSabtError(e) || e.id !== "stale_version") throw e;
    // Show the article as it is now; the member's text stays in the form to be merged by hand.
    stored = current(await listClaims(db, viewer, entity.id), articleLang);
    return again(409, true);
  }
  return c.redirect(`/team/${lang}/entities/${encodeURIComponent(entity.id)}`, 303);
}
