/**
 * The value part of the claim form: the type chosen, then the fields of each type (every field is
 * there without JavaScript; the type decides which are read), and a coordinates preview drawn by
 * Sabt itself as a dot on a plain frame (no map tiles, no third-party request).
 */
import type { Claim } from "../claims/index.ts";
import type { Lang } from "../i18n/index.ts";
import { digits } from "../i18n/index.ts";
import { Picker, SelectField, TextField, type FieldCtx } from "./authoring.fields.tsx";
import { NAME_KINDS, VALUE_TYPES } from "./authoring.form.ts";
import { authoringMessages } from "./authoring.i18n.ts";
import { messages } from "./i18n.ts";
import type { PickResult } from "./picker.ts";

/** The stored value of a claim as the form's fields (what an edit form starts from). */
function fallbacks(c: Claim | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!c) return out;
  const v = c.value;
  out.set("valueType", v.type);
  switch (v.type) {
    case "text":
    case "name":
      out.set("value", c.valueText);
      out.set("valueLang", v.lang ?? "");
      if (v.type === "name") out.set("nameKind", v.kind);
      break;
    case "date":
      out.set("value", c.valueText);
      out.set("value_calendar", v.date.calendar);
      break;
    case "number":
      out.set("value", String(v.amount));
      out.set("unit", v.unit ?? "");
      break;
    case "boolean":
      out.set("bool", v.value ? "yes" : "no");
      break;
    case "url":
      out.set("value", v.url);
      break;
    case "geo":
      out.set("lat", String(v.lat));
      out.set("lon", String(v.lon));
      out.set("precision", v.precision);
      break;
    case "entity":
      out.set("ref", v.id);
      break;
  }
  return out;
}

/** A point on a plain 360×180 frame (longitude across, latitude up), with its value as text. */
export function GeoPreview(p: { lang: Lang; lat: number; lon: number }) {
  const t = authoringMessages(p.lang);
  const label = `${digits(p.lang, p.lat.toFixed(5))}, ${digits(p.lang, p.lon.toFixed(5))}`;
  return (
    <figure>
      <svg class="geo-frame" viewBox="0 0 360 180" role="img" aria-label={`${t.coordinatesPreview}: ${label}`}>
        <rect x="0" y="0" width="360" height="180" fill="#f4f7fa" stroke="#767676" />
        <line x1="0" y1="90" x2="360" y2="90" stroke="#c8c8c8" />
        <line x1="180" y1="0" x2="180" y2="180" stroke="#c8c8c8" />
        <circle cx={String(p.lon + 180)} cy={String(90 - p.lat)} r="4" fill="#8a1c0b" />
      </svg>
      <figcaption class="mono">{label}</figcaption>
    </figure>
  );
}

/** The value of a claim: its type, then the fields of every type. */
export function ValueFields(p: { f: FieldCtx; claim: Claim | undefined; picks: ReadonlyMap<string, PickResult>; labels: ReadonlyMap<string, { label: string }> }) {
  const { lang } = p.f;
  const t = authoringMessages(lang);
  const m = messages(lang);
  const fb = fallbacks(p.claim);
  // Before the first submission the fields show the stored value; afterwards what was typed.
  const f: FieldCtx = p.f.values.size > 0 ? p.f : { ...p.f, values: fb };
  const lat = Number(f.values.get("lat"));
  const lon = Number(f.values.get("lon"));
  const showGeo = (f.values.get("lat") ?? "") !== "" && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  const refId = p.claim?.value.type === "entity" ? p.claim.value.id : undefined;
  return (
    <fieldset>
      <legend>{m.value}</legend>
      <SelectField f={f} name="valueType" label={m.valueType} options={VALUE_TYPES.map((v) => [v, v] as const)} fallback="text" />
      <div data-value-types="text name date number url">
        <TextField f={f} name="value" label={`${m.value} (text, name, date, number, url)`} multiline />
      </div>
      <div data-value-types="text name">
        <TextField f={f} name="valueLang" label={t.valueLang} maxlength={8} />
      </div>
      <div data-value-types="name">
        <SelectField f={f} name="nameKind" label={t.nameKind} options={NAME_KINDS.map((k) => [k, k] as const)} fallback="full" />
        <p class="meta">
          {t.script}: {p.claim?.value.type === "name" ? p.claim.value.script : "—"} ({t.scriptHelp})
        </p>
      </div>
      <div data-value-types="date">
        <SelectField f={f} name="value_calendar" label={`${t.calendar} (date)`} options={(["gregorian", "jalali", "hijri"] as const).map((c) => [c, t[c]] as const)} fallback={lang === "fa" ? "jalali" : "gregorian"} />
      </div>
      <div data-value-types="number">
        <TextField f={f} name="unit" label={`${t.unit} (number)`} maxlength={40} />
      </div>
      <div data-value-types="boolean">
        <SelectField f={f} name="bool" label={`${m.value} (boolean)`} options={[["", "—"], ["yes", t.yes], ["no", t.no]]} fallback="" />
      </div>
      <fieldset data-value-types="geo">
        <legend>geo</legend>
        <TextField f={f} name="lat" label={t.latitude} maxlength={20} dir="ltr" />
        <TextField f={f} name="lon" label={t.longitude} maxlength={20} dir="ltr" />
        <SelectField f={f} name="precision" label={t.precision} options={[["approximate", t.approximate], ["exact", t.exact]]} fallback="approximate" />
        {showGeo ? <GeoPreview lang={lang} lat={lat} lon={lon} /> : null}
      </fieldset>
      <div data-value-types="entity">
        <Picker f={f} name="ref" label={`${m.value} (entity)`} types={[]} pick={p.picks.get("ref")} fallbackId={refId} fallbackLabel={refId ? (p.labels.get(refId)?.label ?? refId) : undefined} />
      </div>
    </fieldset>
  );
}

/** Confidence and visibility of a claim, and on edits its status and the reason for the change. */
export function StandingFields(p: { lang: Lang; claim: Claim | undefined; f: FieldCtx }) {
  const t = messages(p.lang);
  const c = p.claim;
  return (
    <>
      <SelectField f={p.f} name="confidence" label={t.confidence} options={(["low", "medium", "high"] as const).map((o) => [o, t[o]] as const)} fallback={c?.confidence ?? "medium"} />
      <SelectField f={p.f} name="visibility" label={t.visibility} options={(["public", "team", "confidential"] as const).map((o) => [o, t[o]] as const)} fallback={c?.visibility ?? "team"} />
      {c ? (
        <>
          <SelectField f={p.f} name="status" label={t.status} options={(["asserted", "contested", "retracted"] as const).map((o) => [o, o === "contested" ? t.contested : t[o]] as const)} fallback={c.status} />
          <TextField f={p.f} name="reason" label={t.reason} maxlength={1000} />
        </>
      ) : null}
    </>
  );
}
