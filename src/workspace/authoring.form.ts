/**
 * Reading the authoring forms: every field is checked with the schemas the API uses, and every
 * problem is reported on its own field in the page's language, so the form comes back with the
 * message beside the field and what the member typed kept.
 */
import { ClaimValueInputSchema, parseClaimDate, PropertySchema, type ClaimValueInput, type Citation } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { findUnstorableText } from "../http/index.ts";
import { EntityCreateSchema, type EntityCreateReq, type EntityType } from "../entities/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { VisibilitySchema } from "../shared/visibility.ts";
import type { AuthoringMessages } from "./authoring.i18n.ts";
import { resolvePick, type FormValues, type PickResult } from "./picker.ts";

/** Problems of a submitted form, by field name. */
export type FieldErrors = Map<string, string>;

/** The locator fields a citation form offers (archive item ids are kept from the stored citation). */
export const LOCATOR_FIELDS = ["page", "paragraph", "quote", "timestamp"] as const;

/** The calendars a date field offers, as the date parser names them. */
export const CALENDARS = ["gregorian", "jalali", "hijri"] as const;

const get = (values: FormValues, name: string) => values.get(name) ?? "";

/**
 * Marks every field whose text PostgreSQL cannot store (a NUL, half of a surrogate pair): a form
 * can carry both, and either would otherwise reach the database as a 500.
 */
export function checkStorable(values: FormValues, t: AuthoringMessages, errors: FieldErrors): void {
  for (const [k, v] of values) if (findUnstorableText(v) !== undefined) errors.set(k.replace(/_q$/, ""), t.badText);
}

/** The label, slug, visibility and fictional flag of a new record. */
export function parseEntityBase(values: FormValues, type: EntityType, t: AuthoringMessages, errors: FieldErrors, labelOptional: boolean): EntityCreateReq {
  const label = get(values, "label").trim();
  const slug = get(values, "slug").trim();
  if (!label && !labelOptional) errors.set("label", t.required);
  else if (label.length > 300) errors.set("label", t.tooLong);
  if (slug && !EntityCreateSchema.shape.slug.safeParse(slug).success) errors.set("slug", t.badSlug);
  const visibility = VisibilitySchema.safeParse(get(values, "visibility") || "team");
  return {
    type,
    label: label || type,
    ...(slug ? { slug } : {}),
    visibility: visibility.success ? visibility.data : "team",
    isFictional: get(values, "isFictional") === "on",
  };
}

/** A date field (`name` with its calendar in `name_calendar`); undefined when left empty. */
export function parseDateField(values: FormValues, name: string, t: AuthoringMessages, errors: FieldErrors): ClaimValueInput | undefined {
  const text = get(values, name).trim();
  if (!text) return undefined;
  const cal = get(values, `${name}_calendar`);
  const calendar = (CALENDARS as readonly string[]).includes(cal) ? (cal as (typeof CALENDARS)[number]) : undefined;
  try {
    parseClaimDate(text, calendar);
  } catch {
    errors.set(name, t.badDate);
    return undefined;
  }
  return { type: "date", text, ...(calendar ? { calendar } : {}) };
}

/** The citation of a form: a picked source or list with its locator, or the editorial mark. */
export async function parseCitation(
  db: Db,
  viewer: Viewer,
  values: FormValues,
  t: AuthoringMessages,
  errors: FieldErrors,
  opts: { optional: boolean; keep?: Record<string, string | number> },
): Promise<{ sources: Citation[]; editorial: boolean; pick: PickResult }> {
  const editorial = get(values, "editorial") === "on";
  const pick = await resolvePick(db, viewer, values, "sourceId", { types: ["source", "list"], required: false, t });
  if (pick.error) errors.set("sourceId", pick.error);
  else if (!pick.picked && !editorial && !opts.optional) errors.set("sourceId", t.needSource);
  const locator = new Map<string, string | number>(Object.entries(opts.keep ?? {}));
  for (const k of LOCATOR_FIELDS) {
    const v = get(values, `loc_${k}`).trim();
    if (v.length > 2000) errors.set(`loc_${k}`, t.tooLong);
    else if (v) locator.set(k, v);
    else locator.delete(k);
  }
  const sources = pick.picked ? [{ sourceId: pick.picked.id, ...(locator.size > 0 ? { locator: Object.fromEntries(locator) } : {}) }] : [];
  return { sources, editorial: editorial || (opts.optional && sources.length === 0), pick };
}

/** The text of a short text field, checked for length; undefined when empty. */
export function parseTextField(values: FormValues, name: string, t: AuthoringMessages, errors: FieldErrors, max = 2000): string | undefined {
  const text = get(values, name).trim();
  if (text.length > max) errors.set(name, t.tooLong);
  return text || undefined;
}

/** The language of a text: the one the member gave, else Persian for Arabic script, else English. */
export function langOfText(text: string, given?: string): string {
  if (given && /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,4})?$/.test(given)) return given;
  return /[\u0600-\u06FF]/.test(text) ? "fa" : "en";
}

/** The property of the claim form, checked. */
export function parseProperty(values: FormValues, t: AuthoringMessages, errors: FieldErrors): string {
  const p = get(values, "property").trim();
  if (!PropertySchema.safeParse(p).success) errors.set("property", t.badProperty);
  return p;
}

function numberOf(text: string): number | undefined {
  const n = Number(text.replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d))).replace("٫", "."));
  return text.trim() !== "" && Number.isFinite(n) ? n : undefined;
}

/** The value types the claim form can enter: all of them. */
export const VALUE_TYPES = ["text", "name", "date", "number", "boolean", "geo", "url", "entity"] as const;

/** The kinds a name may be (as the claim schema knows them). */
export const NAME_KINDS = ["full", "given", "family", "father", "alias", "title", "other"] as const;

/**
 * The value of the claim form, of whichever type was chosen; undefined (with the field's error)
 * when it is missing or does not check. References are resolved by the picker beforehand.
 */
export function parseValue(values: FormValues, ref: PickResult | undefined, t: AuthoringMessages, errors: FieldErrors): ClaimValueInput | undefined {
  const type = get(values, "valueType");
  const text = get(values, "value").trim();
  const lang = get(values, "valueLang").trim();
  const need = (name: string) => (errors.set(name, t.required), undefined);
  let value: unknown;
  switch (type) {
    case "name": {
      if (!text) return need("value");
      const kind = (NAME_KINDS as readonly string[]).includes(get(values, "nameKind")) ? get(values, "nameKind") : "full";
      value = { type: "name", text, kind, ...(lang ? { lang } : {}) };
      break;
    }
    case "date":
      if (!text) return need("value");
      return parseDateField(values, "value", t, errors);
    case "number": {
      const amount = numberOf(text);
      if (amount === undefined) return (errors.set("value", t.badNumber), undefined);
      const unit = get(values, "unit").trim();
      value = { type: "number", amount, ...(unit ? { unit } : {}) };
      break;
    }
    case "boolean": {
      const b = get(values, "bool");
      if (b !== "yes" && b !== "no") return need("bool");
      value = { type: "boolean", value: b === "yes" };
      break;
    }
    case "geo": {
      const lat = numberOf(get(values, "lat"));
      const lon = numberOf(get(values, "lon"));
      if (lat === undefined || lat < -90 || lat > 90) errors.set("lat", t.badLat);
      if (lon === undefined || lon < -180 || lon > 180) errors.set("lon", t.badLon);
      if (errors.has("lat") || errors.has("lon")) return undefined;
      value = { type: "geo", lat, lon, precision: get(values, "precision") === "exact" ? "exact" : "approximate" };
      break;
    }
    case "url":
      if (!text) return need("value");
      value = { type: "url", url: text };
      if (!ClaimValueInputSchema.safeParse(value).success) return (errors.set("value", t.badUrl), undefined);
      break;
    case "entity":
      if (!ref?.picked) return (errors.set("ref", ref?.error ?? t.required), undefined);
      value = { type: "entity", id: ref.picked.id };
      break;
    default:
      if (!text) return need("value");
      value = { type: "text", text, ...(lang ? { lang } : {}) };
  }
  const parsed = ClaimValueInputSchema.safeParse(value);
  if (!parsed.success) return (errors.set("value", t.tooLong), undefined);
  return parsed.data;
}
