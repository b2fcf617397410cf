/**
 * Reading the team administration forms: zod schemas from `auth/`, and every problem turned into
 * a message beside its field in the page's language.
 */
import { InvitationAcceptSchema, InvitationCreateSchema, TokenCreateSchema, type InvitationAcceptReq, type InvitationCreateReq, type TokenCreateReq } from "../auth/index.ts";
import type { Lang } from "../i18n/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { teamMessages, type TeamMessages } from "./team.i18n.ts";
import { field } from "./workspace.context.ts";

/** The fields these forms have; errors are keyed by these names only, never by user text. */
export type TeamField = "email" | "name" | "role" | "expiresInDays" | "scopes" | "password" | "member";

/** A message per field with a problem. */
export type FieldErrors = Partial<Record<TeamField, string>>;

/** What a form parse gives: the request, or the errors to show. */
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

// Which message a field's zod problem shows, per form (a token's name and days have other bounds).
const FIELD_KEYS: Record<TeamField, keyof TeamMessages> = {
  email: "err_email",
  name: "err_name",
  role: "err_role",
  expiresInDays: "err_days",
  scopes: "err_scopes",
  password: "err_password_short",
  member: "err_member",
};

function isTeamField(s: string): s is TeamField {
  return Object.hasOwn(FIELD_KEYS, s);
}

function issuesToErrors(lang: Lang, issues: readonly { path: readonly PropertyKey[] }[], over: Partial<Record<TeamField, keyof TeamMessages>> = {}): FieldErrors {
  const t = teamMessages(lang);
  const out: FieldErrors = {};
  for (const i of issues) {
    const f = String(i.path[0] ?? "");
    if (isTeamField(f) && out[f] === undefined) out[f] = t[over[f] ?? FIELD_KEYS[f]];
  }
  return out;
}

/** Reads the invitation form. */
export function parseInvitation(lang: Lang, form: Record<string, unknown>): Parsed<InvitationCreateReq> {
  const r = InvitationCreateSchema.safeParse({
    email: field(form, "email").slice(0, 1000),
    name: field(form, "name").slice(0, 1000),
    role: field(form, "role"),
    expiresInDays: field(form, "expiresInDays").trim() || undefined,
  });
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: issuesToErrors(lang, r.error.issues) };
}

/** Reads the "accept an invitation" form. */
export function parseAcceptance(lang: Lang, form: Record<string, unknown>): Parsed<InvitationAcceptReq> {
  const r = InvitationAcceptSchema.safeParse({ name: field(form, "name").slice(0, 1000), password: field(form, "password").slice(0, 1024) });
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: issuesToErrors(lang, r.error.issues, { password: "err_password_long" }) };
}

/** The scopes a token may have, one checkbox each (`scope_read`…), so no field repeats. */
export const TOKEN_SCOPES = ["read", "write", "admin"] as const;

/** Reads the API token form. */
export function parseToken(lang: Lang, form: Record<string, unknown>): Parsed<TokenCreateReq> {
  const scopes = TOKEN_SCOPES.filter((s) => field(form, `scope_${s}`) === "on");
  const days = field(form, "expiresInDays").trim();
  const r = TokenCreateSchema.safeParse({
    email: field(form, "member"),
    name: field(form, "name").slice(0, 1000),
    scopes,
    expiresInDays: days ? Number(days) : undefined,
  });
  if (r.success) return { ok: true, data: r.data };
  const errors = issuesToErrors(
    lang,
    r.error.issues.map((i) => ({ path: i.path[0] === "email" ? ["member"] : i.path })),
    { name: "err_token_name", expiresInDays: "err_token_days" },
  );
  return { ok: false, errors };
}

/**
 * The field message for a service's refusal of valid-looking input (`field: message`), or
 * undefined when the error is not one a form shows beside a field.
 */
export function serviceFieldError(lang: Lang, e: unknown): FieldErrors | undefined {
  if (!isSabtError(e)) return undefined;
  const t = teamMessages(lang);
  if (e.id === "validation_failed" && e.message.startsWith("email:")) return { email: t.err_email_taken };
  if (e.id === "conflict" && e.details?.reason === "taken") return { email: t.err_email_taken };
  if (e.id === "validation_failed" && e.message.startsWith("password:")) {
    const key = /at most/.test(e.message) ? "err_password_long" : /must not/.test(e.message) ? "err_password_context" : "err_password_short";
    return { password: t[key] };
  }
  return undefined;
}
