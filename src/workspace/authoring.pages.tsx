/**
 * The authoring pages: the type chooser, the form of a new record (a relation's parts, a citation,
 * an article's text with its preview) and the form that edits a record's label, address name and
 * visibility at a known version.
 */
import { raw } from "hono/html";
import { EntityTypeSchema, RELATION_TYPES, type Entity, type EntityType } from "../entities/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { authoringMessages } from "./authoring.i18n.ts";
import { AuthoringAssets, CheckField, CitationFields, DateField, Picker, SelectField, TextField, type FieldCtx } from "./authoring.fields.tsx";
import { messages } from "./i18n.ts";
import { CsrfField, Notice } from "./layout.tsx";
import type { PickResult } from "./picker.ts";
import { RELATION_PARTS, TITLED_RELATIONS, type PartSpec } from "./relations.ts";

/** What a re-rendered form shows: the fields' state, the pickers' results, an article preview. */
export interface FormState {
  f: FieldCtx;
  picks: ReadonlyMap<string, PickResult>;
  /** A problem of the whole form (a rule a service enforced), in addition to the fields' own. */
  formError?: string;
  /** The article body rendered by the site's Markdown renderer (safe HTML). */
  previewHtml?: string;
}

/** The kinds of record, each a link to its creation form. */
export function TypeChooser(p: { lang: Lang }) {
  const t = authoringMessages(p.lang);
  const plain = EntityTypeSchema.options.filter((o) => !RELATION_TYPES.includes(o));
  const list = (types: readonly EntityType[]) => (
    <ul>
      {types.map((o) => (
        <li>
          <a href={`/team/${p.lang}/entities/new?type=${o}`}>{t.types[o]}</a>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <h2>{t.chooseType}</h2>
      {list(plain)}
      <h2>{t.relationTypes}</h2>
      {list(RELATION_TYPES)}
    </>
  );
}

function ErrorSummary(p: { s: FormState }) {
  const t = authoringMessages(p.s.f.lang);
  if (p.s.f.errors.size === 0 && !p.s.formError) return null;
  return (
    <Notice kind="error">
      {t.fixErrors} {p.s.formError ?? ""}
    </Notice>
  );
}

function VisibilityField(p: { f: FieldCtx; fallback: string }) {
  const m = messages(p.f.lang);
  const t = authoringMessages(p.f.lang);
  return <SelectField f={p.f} name="visibility" label={t.visibility} options={(["team", "public", "confidential"] as const).map((v) => [v, m[v]] as const)} fallback={p.fallback} />;
}

function PartField(p: { s: FormState; part: PartSpec }) {
  const t = authoringMessages(p.s.f.lang);
  const name = `part_${p.part.property}`;
  const label = t.parts_[p.part.property];
  switch (p.part.kind) {
    case "ref":
      return <Picker f={p.s.f} name={name} label={label} types={p.part.types} pick={p.s.picks.get(name)} />;
    case "date":
      return <DateField f={p.s.f} name={name} label={label} />;
    case "text":
      return <TextField f={p.s.f} name={name} label={label} maxlength={2000} />;
  }
}

/** An article's text in one language, its tag and publication date, and the preview button. */
export function ArticleFields(p: { s: FormState; fallback?: { title?: string; summary?: string; body?: string; published?: string; articleLang?: string } }) {
  const t = authoringMessages(p.s.f.lang);
  const fb = p.fallback ?? {};
  return (
    <fieldset>
      <legend>{t.article}</legend>
      <SelectField f={p.s.f} name="articleLang" label={t.articleLang} options={[["fa", "فارسی"], ["en", "English"]]} fallback={fb.articleLang ?? p.s.f.lang} />
      <TextField f={p.s.f} name="title" label={t.title} fallback={fb.title} maxlength={300} />
      <TextField f={p.s.f} name="summary" label={t.summary} fallback={fb.summary} multiline />
      <TextField f={p.s.f} name="body" label={t.body} fallback={fb.body} multiline />
      <Picker f={p.s.f} name="tag" label={t.tag} types={["tag"]} pick={p.s.picks.get("tag")} />
      <DateField f={p.s.f} name="published" label={t.published} fallback={fb.published} />
      <p>
        <button type="submit" name="preview" value="1" class="secondary">
          {t.preview}
        </button>
      </p>
      {p.s.previewHtml !== undefined ? (
        <section class="preview" aria-labelledby="preview-h">
          <h2 id="preview-h">{t.previewHeading}</h2>
          <div lang={p.s.f.values.get("articleLang") ?? p.s.f.lang}>{raw(p.s.previewHtml)}</div>
        </section>
      ) : null}
    </fieldset>
  );
}

/** The form of a new record of a type: its base fields, a relation's parts, a citation. */
export function NewEntityForm(p: { lang: Lang; csrf: string; type: EntityType; s: FormState }) {
  const t = authoringMessages(p.lang);
  const parts = RELATION_PARTS.get(p.type);
  const labelOptional = parts !== undefined && !TITLED_RELATIONS.has(p.type);
  return (
    <>
      <ErrorSummary s={p.s} />
      <form method="post" action={`/team/${p.lang}/entities`}>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="type" value={p.type} />
        <TextField f={p.s.f} name="label" label={p.type === "legal_case" ? t.title : t.label} help={labelOptional ? t.labelHelp : undefined} required={!labelOptional} maxlength={300} />
        <TextField f={p.s.f} name="slug" label={t.slug} help={t.slugHelp} maxlength={80} />
        <VisibilityField f={p.s.f} fallback="team" />
        <CheckField f={p.s.f} name="isFictional" label={t.fictional} />
        {parts ? (
          <fieldset>
            <legend>{t.parts}</legend>
            {parts.map((part) => (
              <PartField s={p.s} part={part} />
            ))}
          </fieldset>
        ) : null}
        {p.type === "article" ? <ArticleFields s={p.s} /> : <CitationFields f={p.s.f} pick={p.s.picks.get("sourceId")} help={parts ? undefined : t.nameCitationHelp} />}
        <p>
          <button type="submit">{t.create}</button>
        </p>
      </form>
      <AuthoringAssets />
    </>
  );
}

/** The form that edits a record's label, address name and visibility at the version shown. */
export function EditEntityForm(p: { lang: Lang; csrf: string; entity: Entity; f: FieldCtx; conflict?: boolean }) {
  const t = authoringMessages(p.lang);
  const e = p.entity;
  return (
    <>
      {p.conflict ? (
        <Notice kind="error">
          <strong>{t.conflict}</strong> {t.conflictHelp} {t.currentVersion}: {digits(p.lang, e.version)}
        </Notice>
      ) : p.f.errors.size > 0 ? (
        <Notice kind="error">{t.fixErrors}</Notice>
      ) : null}
      <form method="post" action={`/team/${p.lang}/entities/${encodeURIComponent(e.id)}/edit`}>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="version" value={String(e.version)} />
        <TextField f={p.f} name="label" label={t.label} fallback={e.label} required maxlength={300} />
        <TextField f={p.f} name="slug" label={t.slug} help={t.slugHelp} fallback={e.slug} maxlength={80} />
        <VisibilityField f={p.f} fallback={e.visibility} />
        <TextField f={p.f} name="reason" label={t.reason} maxlength={1000} />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
    </>
  );
}
