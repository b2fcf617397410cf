import { ClaimCreateSchema, ClaimEditSchema, type Claim, type ClaimCreateReq, type ClaimEditReq, type ClaimValueInput } from "../claims/index.ts";
import { validationError } from "../shared/errors.ts";
import { field } from "./workspace.context.ts";

/** The value types the form can enter (entity, boolean and geo values are edited through the API). */
export const FORM_VALUE_TYPES = ["text", "name", "date", "number", "url"] as const;

function valueFrom(form: Record<string, unknown>): ClaimValueInput {
  const type = field(form, "valueType");
  const text = field(form, "value").trim();
  const lang = field(form, "valueLang").trim() || undefined;
  switch (type) {
    case "name":
      return { type: "name", text, kind: "full", ...(lang ? { lang } : {}) };
    case "date":
      return { type: "date", text };
    case "number": {
      const amount = Number(text);
      if (!text || !Number.isFinite(amount)) throw validationError("value: a number");
      return { type: "number", amount };
    }
    case "url":
      return { type: "url", url: text };
    default:
      return { type: "text", text, ...(lang ? { lang } : {}) };
  }
}

function sourcesFrom(form: Record<string, unknown>) {
  const sourceId = field(form, "sourceId").trim();
  const locator = field(form, "locator").trim();
  return sourceId ? [{ sourceId, ...(locator ? { locator: { page: locator } } : {}) }] : [];
}

function check<T>(r: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }): T {
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw validationError(i ? `${i.path.map(String).join(".")}: ${i.message}` : "invalid input");
}

/** Parses the "add a claim" form with the same schema the API uses. */
export function parseCreateForm(entityId: string, form: Record<string, unknown>): ClaimCreateReq {
  return check(
    ClaimCreateSchema.safeParse({
      entityId,
      property: field(form, "property").trim(),
      value: valueFrom(form),
      sources: sourcesFrom(form),
      editorial: field(form, "editorial") === "on",
      confidence: field(form, "confidence") || "medium",
      visibility: field(form, "visibility") || "team",
      status: "asserted",
    }),
  );
}

/** Parses the "edit a claim" form; the value is only sent when it changed. */
export function parseEditForm(current: Claim, form: Record<string, unknown>): ClaimEditReq {
  const type = field(form, "valueType");
  const text = field(form, "value").trim();
  const valueChanged = (FORM_VALUE_TYPES as readonly string[]).includes(type) && (type !== current.value.type || text !== current.valueText);
  const sources = sourcesFrom(form);
  return check(
    ClaimEditSchema.safeParse({
      version: Number(field(form, "version")),
      ...(valueChanged ? { value: valueFrom(form) } : {}),
      ...(sources.length > 0 ? { sources } : {}),
      editorial: field(form, "editorial") === "on",
      confidence: field(form, "confidence") || undefined,
      visibility: field(form, "visibility") || undefined,
      status: field(form, "status") || undefined,
      ...(field(form, "reason").trim() ? { reason: field(form, "reason").trim() } : {}),
    }),
  );
}
