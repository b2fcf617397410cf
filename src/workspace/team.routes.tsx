import {
  changeMemberRole,
  createApiToken,
  createInvitation,
  INVITATION_DAYS,
  listApiTokens,
  listInvitations,
  listTeam,
  resetMemberSecondFactor,
  revokeInvitation,
  revokeToken,
  RoleSchema,
  setMemberDisabled,
  type TeamMember,
} from "../auth/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError, type SabtError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { Notice } from "./layout.tsx";
import { parseInvitation, parseToken, serviceFieldError, TOKEN_SCOPES, type FieldErrors } from "./team.form.ts";
import { teamMessages } from "./team.i18n.ts";
import { InvitationsTable, InviteSection, MembersTable, TokenForm, TokensTable, type InviteValues, type TokenValues } from "./team.pages.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** The signed-in admin; anyone else gets the forbidden page (the services check again). */
export function requireAdmin(c: Ctx): Extract<Viewer, { kind: "user" }> {
  const v = requireMember(c);
  authorize(v, "admin");
  return v;
}

/** Names for audit actors: `user:<id>` becomes the member's name, anything else stays as recorded. */
export function actorNamer(members: readonly TeamMember[]): (actor: string) => string {
  const names = new Map(members.map((m) => [`user:${m.id}`, m.name]));
  return (actor) => names.get(actor) ?? actor;
}

/** What the team page shows besides its lists: a notice, and each form's state after a submission. */
interface TeamState {
  notice?: { kind: "ok" | "error"; text: string };
  invite?: { values: InviteValues; errors: FieldErrors; created?: { link: string; expiresAt: Date } };
  token?: { values: TokenValues; errors: FieldErrors; created?: string };
}

const EMPTY_INVITE: InviteValues = { email: "", name: "", role: "viewer", expiresInDays: String(INVITATION_DAYS) };
const EMPTY_TOKEN: TokenValues = { member: "", name: "", scopes: ["read"], expiresInDays: "" };

/** The team page: members, invitations and API tokens. */
async function teamPage(c: Ctx, deps: AppDeps, state: TeamState = {}, status: 200 | 400 | 409 = 200): Promise<Response> {
  const viewer = requireAdmin(c);
  const lang = langOf(c);
  const t = teamMessages(lang);
  const csrf = pageCsrf(c, deps);
  const [members, invitations, tokens] = [await listTeam(deps.db, viewer), await listInvitations(deps.db, viewer), await listApiTokens(deps.db, viewer)];
  const invite = state.invite ?? { values: EMPTY_INVITE, errors: {} };
  const token = state.token ?? { values: EMPTY_TOKEN, errors: {} };
  return page(
    c,
    deps,
    t.teamTitle,
    <>
      {state.notice ? <Notice kind={state.notice.kind}>{state.notice.text}</Notice> : null}
      <MembersTable lang={lang} csrf={csrf} members={members} meId={viewer.userId} />
      <InviteSection lang={lang} csrf={csrf} values={invite.values} errors={invite.errors} created={invite.created} />
      <InvitationsTable lang={lang} csrf={csrf} invitations={invitations} actorName={actorNamer(members)} now={new Date()} />
      <section aria-labelledby="team-tokens-h">
        <h2 id="team-tokens-h">{t.tokensTitle}</h2>
        <TokensTable lang={lang} csrf={csrf} tokens={tokens} />
        <TokenForm lang={lang} csrf={csrf} members={members} values={token.values} errors={token.errors} created={token.created} />
      </section>
    </>,
    status,
  );
}

/** Registers the team page and its actions (admins only). */
export function registerTeamPages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/team`,
    guarded(deps, (c) => teamPage(c, deps)),
  );
  app.post(
    `${L}/team/members/:id/role`,
    guarded(deps, (c) => postMemberAction(c, deps, "role")),
  );
  app.post(
    `${L}/team/members/:id/disable`,
    guarded(deps, (c) => postMemberAction(c, deps, "disable")),
  );
  app.post(
    `${L}/team/members/:id/enable`,
    guarded(deps, (c) => postMemberAction(c, deps, "enable")),
  );
  app.post(
    `${L}/team/members/:id/reset-second-factor`,
    guarded(deps, (c) => postMemberAction(c, deps, "reset")),
  );
  app.post(
    `${L}/team/invitations`,
    guarded(deps, (c) => postInvitation(c, deps)),
  );
  app.post(
    `${L}/team/invitations/:id/revoke`,
    guarded(deps, async (c) => {
      const viewer = requireAdmin(c);
      await deps.db.transaction().execute((trx) => revokeInvitation(trx, viewer, c.req.param("id") ?? ""));
      return c.redirect(`/team/${langOf(c)}/team`, 303);
    }),
  );
  app.post(
    `${L}/team/tokens`,
    guarded(deps, (c) => postToken(c, deps)),
  );
  app.post(
    `${L}/team/tokens/:id/revoke`,
    guarded(deps, async (c) => {
      const viewer = requireAdmin(c);
      await deps.db.transaction().execute((trx) => revokeToken(trx, viewer, c.req.param("id") ?? ""));
      return c.redirect(`/team/${langOf(c)}/team`, 303);
    }),
  );
}

/** The refusal of a change to the admins, worded in the page's language. */
function guardNotice(c: Ctx, e: SabtError): { kind: "error"; text: string } {
  const t = teamMessages(langOf(c));
  return { kind: "error", text: e.details?.reason === "self" ? t.guard_self : e.details?.reason === "last_admin" ? t.guard_last_admin : e.message };
}

/** POST /team/{lang}/team/members/{id}/(role|disable|enable|reset-second-factor). */
async function postMemberAction(c: Ctx, deps: AppDeps, action: "role" | "disable" | "enable" | "reset"): Promise<Response> {
  const viewer = requireAdmin(c);
  const id = c.req.param("id") ?? "";
  const form = await c.req.parseBody();
  const role = RoleSchema.safeParse(field(form, "role"));
  if (action === "role" && !role.success) return teamPage(c, deps, { notice: { kind: "error", text: teamMessages(langOf(c)).err_role } }, 400);
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (action === "role" && role.success) await changeMemberRole(trx, viewer, id, role.data);
      else if (action === "disable" || action === "enable") await setMemberDisabled(trx, viewer, id, action === "disable");
      else if (action === "reset") await resetMemberSecondFactor(trx, viewer, id);
    });
  } catch (e) {
    if (!isSabtError(e) || e.id !== "conflict") throw e;
    return teamPage(c, deps, { notice: guardNotice(c, e) }, 409);
  }
  return c.redirect(`/team/${langOf(c)}/team`, 303);
}

/** POST /team/{lang}/team/invitations: the link is shown once, on the page this answers with. */
async function postInvitation(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireAdmin(c);
  const lang = langOf(c);
  const form = await c.req.parseBody();
  const values: InviteValues = {
    email: field(form, "email").slice(0, 254),
    name: field(form, "name").slice(0, 200),
    role: field(form, "role").slice(0, 20),
    expiresInDays: field(form, "expiresInDays").slice(0, 10),
  };
  const parsed = parseInvitation(lang, form);
  if (!parsed.ok) return teamPage(c, deps, { invite: { values, errors: parsed.errors } }, 400);
  try {
    const inv = await deps.db.transaction().execute((trx) => createInvitation(trx, viewer, parsed.data));
    const link = new URL(`/team/${lang}/invite/${inv.token}`, deps.config.publicUrl).toString();
    return await teamPage(c, deps, { invite: { values: EMPTY_INVITE, errors: {}, created: { link, expiresAt: inv.expiresAt } } });
  } catch (e) {
    const errors = serviceFieldError(lang, e);
    if (!errors) throw e;
    return teamPage(c, deps, { invite: { values, errors } }, 400);
  }
}

/** POST /team/{lang}/team/tokens: the token is shown once, on the page this answers with. */
async function postToken(c: Ctx, deps: AppDeps): Promise<Response> {
  const viewer = requireAdmin(c);
  const lang = langOf(c);
  const form = await c.req.parseBody();
  const values: TokenValues = {
    member: field(form, "member").slice(0, 254),
    name: field(form, "name").slice(0, 100),
    scopes: TOKEN_SCOPES.filter((s) => field(form, `scope_${s}`) === "on"),
    expiresInDays: field(form, "expiresInDays").slice(0, 10),
  };
  const parsed = parseToken(lang, form);
  if (!parsed.ok) return teamPage(c, deps, { token: { values, errors: parsed.errors } }, 400);
  try {
    const created = await deps.db.transaction().execute((trx) => createApiToken(trx, viewer, parsed.data));
    return await teamPage(c, deps, { token: { values: EMPTY_TOKEN, errors: {}, created: created.token } });
  } catch (e) {
    // The only field a valid-looking token request can fail on: a member that does not exist.
    if (!isSabtError(e) || e.id !== "validation_failed") throw e;
    return teamPage(c, deps, { token: { values, errors: { member: teamMessages(lang).err_member } } }, 400);
  }
}
