/**
 * Form fields of the authoring pages: each labelled, with its help and its error tied to it
 * (`aria-describedby`, `aria-invalid`), keeping what the member typed.
 */
import type { Lang } from "../i18n/index.ts";
import { authoringMessages } from "./authoring.i18n.ts";
import { CALENDARS, LOCATOR_FIELDS, type FieldErrors } from "./authoring.form.ts";
import type { FormValues, PickResult } from "./picker.ts";

/** URL of the entity picker's typeahead script (served by Sabt; the form works without it). */
export const PICKER_JS = "/team/assets/picker.js";
/** URL of the authoring pages' few extra styles (field errors, the picker's list, the coordinates preview). */
export const AUTHORING_CSS = "/team/assets/authoring.css";

/** The picker's script and the authoring styles, placed at the end of a form page. */
export function AuthoringAssets() {
  return (
    <>
      <link rel="stylesheet" href={AUTHORING_CSS} />
      <script src={PICKER_JS} defer></script>
    </>
  );
}

/** Everything a field needs to show itself again after a submission. */
export interface FieldCtx {
  lang: Lang;
  values: FormValues;
  errors: FieldErrors;
}

function describedBy(name: string, help: boolean, err: boolean): string | undefined {
  const ids = [help ? `${name}-help` : "", err ? `${name}-err` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** The message of a field that needs attention. */
export function FieldError(p: { name: string; errors: FieldErrors }) {
  const msg = p.errors.get(p.name);
  return msg ? (
    <p class="field-error" id={`${p.name}-err`}>
      {msg}
    </p>
  ) : null;
}

/** A labelled one-line (or multi-line) text field. */
export function TextField(p: { f: FieldCtx; name: string; label: string; help?: string; multiline?: boolean; required?: boolean; fallback?: string; maxlength?: number; dir?: string }) {
  const err = p.f.errors.has(p.name);
  const value = p.f.values.get(p.name) ?? p.fallback ?? "";
  const common = {
    id: p.name,
    name: p.name,
    "aria-describedby": describedBy(p.name, Boolean(p.help), err),
    "aria-invalid": err ? "true" : undefined,
    required: p.required,
    dir: p.dir,
  };
  return (
    <>
      <label for={p.name}>{p.label}</label>
      {p.multiline ? <textarea {...common}>{value}</textarea> : <input type="text" {...common} value={value} maxlength={p.maxlength ?? 2000} />}
      {p.help ? (
        <p class="meta" id={`${p.name}-help`}>
          {p.help}
        </p>
      ) : null}
      <FieldError name={p.name} errors={p.f.errors} />
    </>
  );
}

/** A labelled select. */
export function SelectField(p: { f: FieldCtx; name: string; label: string; options: readonly (readonly [string, string])[]; fallback: string }) {
  const current = p.f.values.get(p.name) ?? p.fallback;
  return (
    <>
      <label for={p.name}>{p.label}</label>
      <select id={p.name} name={p.name}>
        {p.options.map(([v, l]) => (
          <option value={v} selected={v === current}>
            {l}
          </option>
        ))}
      </select>
      <FieldError name={p.name} errors={p.f.errors} />
    </>
  );
}

/** A checkbox with its label after it. */
export function CheckField(p: { f: FieldCtx; name: string; label: string; fallback?: boolean }) {
  const checked = p.f.values.size > 0 ? p.f.values.get(p.name) === "on" : Boolean(p.fallback);
  return (
    <p>
      <input id={p.name} name={p.name} type="checkbox" checked={checked} />{" "}
      <label for={p.name} class="inline">
        {p.label}
      </label>
    </p>
  );
}

/** A partial date in any calendar: the calendar chosen, the date as sources write it. */
export function DateField(p: { f: FieldCtx; name: string; label: string; fallback?: string; calendar?: string }) {
  const t = authoringMessages(p.f.lang);
  return (
    <fieldset class="date">
      <legend>{p.label}</legend>
      <SelectField f={p.f} name={`${p.name}_calendar`} label={t.calendar} options={CALENDARS.map((c) => [c, t[c]] as const)} fallback={p.calendar ?? (p.f.lang === "fa" ? "jalali" : "gregorian")} />
      <TextField f={p.f} name={p.name} label={p.label} help={t.dateHelp} fallback={p.fallback} maxlength={200} />
    </fieldset>
  );
}

/**
 * The entity picker: a text field the server resolves on submit (name, id or address name; a
 * list of choices when several match), upgraded by `picker.js` to an accessible combobox whose
 * options come from the team lookup endpoint.
 */
export function Picker(p: { f: FieldCtx; name: string; label: string; types: readonly string[]; pick?: PickResult; fallbackId?: string; fallbackLabel?: string }) {
  const t = authoringMessages(p.f.lang);
  const picked = p.pick?.picked;
  const id = picked?.id ?? (p.pick ? "" : (p.f.values.get(p.name) ?? p.fallbackId ?? ""));
  const q = p.pick?.q ?? p.f.values.get(`${p.name}_q`) ?? p.fallbackLabel ?? "";
  const err = p.f.errors.has(p.name);
  return (
    <div class="picker" data-picker={p.name} data-lookup={`/team/${p.f.lang}/entities/lookup`} data-types={p.types.join(",")} data-chosen={t.chosen}>
      <label for={`${p.name}_q`}>{p.label}</label>
      <input type="hidden" name={p.name} value={id} />
      <input
        id={`${p.name}_q`}
        name={`${p.name}_q`}
        type="text"
        autocomplete="off"
        maxlength={200}
        value={picked ? picked.label : q}
        aria-describedby={describedBy(p.name, true, err)}
        aria-invalid={err ? "true" : undefined}
      />
      <p class="meta" id={`${p.name}-help`}>
        {t.pickerHelp}{" "}
        <span class="picker-status" aria-live="polite">
          {picked ? `${t.chosen} ${picked.label}` : ""}
        </span>
      </p>
      <FieldError name={p.name} errors={p.f.errors} />
      {p.pick?.choices ? (
        <fieldset>
          <legend>{t.chooseOne}</legend>
          {p.pick.choices.map((c, i) => (
            <p>
              <input type="radio" id={`${p.name}-c${i}`} name={`${p.name}_pick`} value={c.id} />{" "}
              <label for={`${p.name}-c${i}`} class="inline">
                {c.label} <span class="meta">({c.type})</span>
              </label>
            </p>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

/** The citation: a source or list picked with the picker, a locator, or the editorial mark. */
export function CitationFields(p: { f: FieldCtx; pick?: PickResult; help?: string; fallbackId?: string; fallbackLabel?: string; locator?: Readonly<Record<string, string | number>>; editorial?: boolean }) {
  const t = authoringMessages(p.f.lang);
  const locLabel = { page: t.locPage, paragraph: t.locParagraph, quote: t.locQuote, timestamp: t.locTimestamp } as const;
  return (
    <fieldset>
      <legend>{t.citation}</legend>
      {p.help ? <p class="meta">{p.help}</p> : null}
      <Picker f={p.f} name="sourceId" label={`${t.source} (${t.sourceHelp})`} types={["source", "list"]} pick={p.pick} fallbackId={p.fallbackId} fallbackLabel={p.fallbackLabel} />
      {LOCATOR_FIELDS.map((k) => {
        const stored = p.locator && Object.hasOwn(p.locator, k) ? String(p.locator[k]) : "";
        return <TextField f={p.f} name={`loc_${k}`} label={locLabel[k]} fallback={stored} multiline={k === "quote"} />;
      })}
      <CheckField f={p.f} name="editorial" label={t.editorial} fallback={p.editorial} />
    </fieldset>
  );
}
