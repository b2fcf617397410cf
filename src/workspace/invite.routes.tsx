import { acceptInvitation, findInvitation, type InvitationLookup } from "../auth/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { Accepted, AcceptForm, LinkNotWorking } from "./invite.pages.tsx";
import { renderPage } from "./layout.tsx";
import { parseAcceptance, serviceFieldError, type FieldErrors } from "./team.form.ts";
import { teamMessages } from "./team.i18n.ts";
import { field, guarded, langOf, page, pageCsrf, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** Registers the page an invitation link opens (no sign-in: the link itself is the credential). */
export function registerInvitePages(app: App, deps: AppDeps): void {
  app.get(
    `${L}/invite/:token`,
    guarded(deps, async (c) => {
      const found = await findInvitation(deps.db, c.req.param("token") ?? "");
      return found.status === "open" ? acceptPage(c, deps, found, "", {}) : notWorking(c, deps, found.status);
    }),
  );
  app.post(
    `${L}/invite/:token`,
    guarded(deps, (c) => postAccept(c, deps)),
  );
}

/** A link that does not work: 410 when it once did (used, revoked, expired), 404 when it never did. */
function notWorking(c: Ctx, deps: AppDeps, status: "gone" | "expired" | "unknown"): Response | Promise<Response> {
  const lang = langOf(c);
  const body = renderPage({ lang, title: teamMessages(lang).linkTitle, viewer: c.get("viewer"), csrf: pageCsrf(c, deps), path: c.req.path, children: <LinkNotWorking lang={lang} status={status} /> });
  return c.html(body, status === "unknown" ? 404 : 410);
}

function acceptPage(c: Ctx, deps: AppDeps, found: Extract<InvitationLookup, { status: "open" }>, name: string, errors: FieldErrors, status: 200 | 400 = 200) {
  const lang = langOf(c);
  const action = `/team/${lang}/invite/${encodeURIComponent(c.req.param("token") ?? "")}`;
  return page(
    c,
    deps,
    teamMessages(lang).acceptTitle,
    <AcceptForm lang={lang} csrf={pageCsrf(c, deps)} action={action} invitation={found.invitation} name={name || found.invitation.name} errors={errors} />,
    status,
  );
}

/** POST /team/{lang}/invite/{token}: creates the account, after which the link no longer works. */
async function postAccept(c: Ctx, deps: AppDeps): Promise<Response> {
  const lang = langOf(c);
  const token = c.req.param("token") ?? "";
  const found = await findInvitation(deps.db, token);
  if (found.status !== "open") return notWorking(c, deps, found.status);
  const form = await c.req.parseBody();
  const name = field(form, "name").slice(0, 200);
  const parsed = parseAcceptance(lang, form);
  if (!parsed.ok) return acceptPage(c, deps, found, name, parsed.errors, 400);
  try {
    await deps.db.transaction().execute((trx) => acceptInvitation(trx, token, parsed.data));
  } catch (e) {
    // Used up or revoked between the two reads: the same page as for a link that no longer works.
    if (isSabtError(e) && e.id === "not_found") return notWorking(c, deps, "gone");
    const errors = serviceFieldError(lang, e);
    if (!errors) throw e;
    return acceptPage(c, deps, found, name, errors, 400);
  }
  return page(c, deps, teamMessages(lang).acceptTitle, <Accepted lang={lang} />);
}
