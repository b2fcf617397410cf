/**
 * Reading the claim forms: a value of any type (text, name with its kind, a partial date in any
 * calendar, number, yes/no, coordinates, web address, a reference picked with the entity picker)
 * and its citation, each problem reported beside its field in the page's language.
 */
import type { Claim, ClaimCreateReq, ClaimEditReq, ClaimValue, ClaimValueInput } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { ConfidenceSchema } from "../claims/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { VisibilitySchema } from "../shared/visibility.ts";
import { checkStorable, LOCATOR_FIELDS, parseCitation, parseProperty, parseValue, type FieldErrors } from "./authoring.form.ts";
import type { AuthoringMessages } from "./authoring.i18n.ts";
import { resolvePick, type FormValues, type PickResult } from "./picker.ts";

/** A read claim form: the request when it checks, and the pickers' results to show again. */
export interface ReadClaimForm<T> {
  input?: T;
  errors: FieldErrors;
  picks: Map<string, PickResult>;
}

const STATUSES = ["asserted", "contested", "retracted"] as const;

async function refPick(db: Db, viewer: Viewer, values: FormValues, t: AuthoringMessages, picks: Map<string, PickResult>) {
  if (values.get("valueType") !== "entity") return undefined;
  const pick = await resolvePick(db, viewer, values, "ref", { types: [], required: true, t });
  picks.set("ref", pick);
  return pick;
}

/** Reads the "add a claim" form. */
export async function readCreateForm(db: Db, viewer: Viewer, entityId: string, values: FormValues, t: AuthoringMessages): Promise<ReadClaimForm<ClaimCreateReq>> {
  const errors: FieldErrors = new Map();
  const picks = new Map<string, PickResult>();
  checkStorable(values, t, errors);
  const property = parseProperty(values, t, errors);
  const value = parseValue(values, await refPick(db, viewer, values, t, picks), t, errors);
  // The old single locator field is still read, as the page number it always was.
  const withPage = values.has("locator") && !values.has("loc_page") ? new Map([...values, ["loc_page", values.get("locator") ?? ""]]) : values;
  const citation = await parseCitation(db, viewer, withPage, t, errors, { optional: false });
  picks.set("sourceId", citation.pick);
  if (errors.size > 0 || !value) return { errors, picks };
  const confidence = ConfidenceSchema.safeParse(values.get("confidence") || "medium");
  const visibility = VisibilitySchema.safeParse(values.get("visibility") || "team");
  return {
    errors,
    picks,
    input: {
      entityId,
      property,
      value,
      sources: citation.sources,
      editorial: citation.editorial,
      confidence: confidence.success ? confidence.data : "medium",
      visibility: visibility.success ? visibility.data : "team",
      status: "asserted",
    },
  };
}

/** True when the value the form sends is the one stored (so an edit leaves it alone). */
function sameValue(current: Claim, v: ClaimValueInput): boolean {
  const c: ClaimValue = current.value;
  if (c.type !== v.type) return false;
  switch (v.type) {
    case "text":
      return current.valueText === v.text && (c as { lang?: string }).lang === v.lang;
    case "name":
      return current.valueText === v.text && (c as { kind: string }).kind === v.kind && (c as { lang?: string }).lang === v.lang;
    case "date":
      return current.valueText === v.text && (!v.calendar || (c as { date: { calendar: string } }).date.calendar === v.calendar);
    case "number":
      return (c as { amount: number }).amount === v.amount && (c as { unit?: string }).unit === v.unit;
    case "boolean":
      return (c as { value: boolean }).value === v.value;
    case "url":
      return (c as { url: string }).url === v.url;
    case "entity":
      return (c as { id: string }).id === v.id;
    case "geo": {
      const g = c as { lat: number; lon: number; precision: string };
      return g.lat === v.lat && g.lon === v.lon && g.precision === v.precision;
    }
  }
}

/**
 * Reads the "edit a claim" form. The value is sent only when it changed; citation fields left
 * empty keep the stored sources, and a citation of the same source keeps the locator keys the
 * form does not show (an archive item's id, which evidence citations carry).
 */
export async function readEditForm(db: Db, viewer: Viewer, current: Claim, values: FormValues, t: AuthoringMessages): Promise<ReadClaimForm<ClaimEditReq>> {
  const errors: FieldErrors = new Map();
  const picks = new Map<string, PickResult>();
  checkStorable(values, t, errors);
  const hasValue = values.has("valueType");
  const value = hasValue ? parseValue(values, await refPick(db, viewer, values, t, picks), t, errors) : undefined;
  const first = current.sources[0];
  const keep = new Map(Object.entries(first?.locator ?? {}).filter(([k]) => !(LOCATOR_FIELDS as readonly string[]).includes(k)));
  const chosen = (values.get("sourceId") ?? "").trim() || (values.get("sourceId_q") ?? "").trim() || (values.get("sourceId_pick") ?? "").trim();
  let sources: ClaimEditReq["sources"];
  if (chosen) {
    const citation = await parseCitation(db, viewer, values, t, errors, { optional: true, keep: Object.fromEntries(keep) });
    picks.set("sourceId", citation.pick);
    const c0 = citation.sources[0];
    if (c0) {
      // Another source: the kept keys belonged to the old one.
      const fixed = c0.sourceId === first?.sourceId ? c0 : { sourceId: c0.sourceId, ...(stripKept(c0.locator, keep) ?? {}) };
      sources = [fixed, ...current.sources.slice(1)];
    }
  }
  const version = Number(values.get("version"));
  const reason = (values.get("reason") ?? "").trim();
  if (reason.length > 1000) errors.set("reason", t.tooLong);
  if (errors.size > 0 || (hasValue && !value)) return { errors, picks };
  const confidence = ConfidenceSchema.safeParse(values.get("confidence"));
  const visibility = VisibilitySchema.safeParse(values.get("visibility"));
  const status = STATUSES.find((s) => s === values.get("status"));
  return {
    errors,
    picks,
    input: {
      version: Number.isInteger(version) && version >= 1 ? version : 1,
      ...(value && !sameValue(current, value) ? { value } : {}),
      ...(sources ? { sources } : {}),
      editorial: values.get("editorial") === "on",
      ...(confidence.success ? { confidence: confidence.data } : {}),
      ...(visibility.success ? { visibility: visibility.data } : {}),
      ...(status ? { status } : {}),
      ...(reason ? { reason } : {}),
    },
  };
}

function stripKept(locator: Record<string, string | number> | undefined, kept: ReadonlyMap<string, unknown>) {
  if (!locator) return undefined;
  const rest = Object.entries(locator).filter(([k]) => !kept.has(k));
  return rest.length > 0 ? { locator: Object.fromEntries(rest) } : undefined;
}
