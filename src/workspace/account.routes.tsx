import {
  changeOwnPassword,
  getMember,
  issueRecoveryCodes,
  listApiTokens,
  listMembers,
  revokeToken,
  setRequireSecondFactor,
} from "../auth/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { can } from "../shared/policy.ts";
import { RecoveryCodes, RegisterKey, TotpSetup } from "./auth.routes.tsx";
import { messages } from "./i18n.ts";
import { MembersSection, PasswordSection, TokensSection } from "./account.pages.tsx";
import { CsrfField, Notice } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** Registers the account page (password, second factors, API tokens) and the admin member list. */
export function registerAccountPages(app: App, deps: AppDeps): void {
  const { db } = deps;

  app.get(
    `${L}/account`,
    guarded(deps, (c) => accountPage(c, deps)),
  );
  app.post(
    `${L}/account/password`,
    guarded(deps, (c) => postAccountPassword(c, deps)),
  );
  app.post(
    `${L}/account/recovery-codes`,
    guarded(deps, (c) => postAccountRecoveryCodes(c, deps)),
  );
  app.post(
    `${L}/account/tokens/:id/revoke`,
    guarded(deps, async (c) => {
      const viewer = requireMember(c);
      await db.transaction().execute((trx) => revokeToken(trx, viewer, c.req.param("id") ?? ""));
      return c.redirect(`/team/${langOf(c)}/account`, 303);
    }),
  );

  app.post(
    `${L}/account/members/require-second-factor`,
    guarded(deps, (c) => postAccountMembersRequireSecondFactor(c, deps)),
  );
}

/** POST /team/{lang}/account/password. */
async function postAccountPassword(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  try {
    await changeOwnPassword(
      db,
      viewer,
      field(form, "current").slice(0, 1024),
      field(form, "next").slice(0, 1024),
    );
  } catch (e) {
    if (!isSabtError(e) || (e.id !== "unauthorized" && e.id !== "validation_failed")) throw e;
    return accountPage(c, deps, { kind: "error", text: e.message }, 400);
  }
  // Every session of the account ended, this one included: sign in again with the new password.
  return c.redirect(`/team/${langOf(c)}/sign-in`, 303);
}

/** POST /team/{lang}/account/recovery-codes. */
async function postAccountRecoveryCodes(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const codes = await db.transaction().execute((trx) => issueRecoveryCodes(trx, viewer.userId));
  return page(
    c,
    deps,
    messages(lang).recoveryTitle,
    <RecoveryCodes lang={lang} codes={codes} next={`/team/${lang}/account`} />,
  );
}

/** POST /team/{lang}/account/members/require-second-factor. */
async function postAccountMembersRequireSecondFactor(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const viewer = requireMember(c);
  const form = await c.req.parseBody();
  await db
    .transaction()
    .execute((trx) =>
      setRequireSecondFactor(trx, viewer, field(form, "email"), field(form, "required") === "on"),
    );
  return c.redirect(`/team/${langOf(c)}/account`, 303);
}

/** The account page, with a notice after a form. */
async function accountPage(
  c: Ctx,
  deps: AppDeps,
  notice?: { kind: "ok" | "error"; text: string },
  status: 200 | 400 = 200,
) {
  const { db } = deps;
  const viewer = requireMember(c);
  const lang = langOf(c);
  const t = messages(lang);
  const csrf = pageCsrf(c, deps);
  const me = await getMember(db, viewer.userId);
  const tokens = await listApiTokens(db, viewer);
  const members = can(viewer, "admin") ? await listMembers(db, viewer) : [];
  return page(
    c,
    deps,
    t.account,
    <>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <p>
        {me.name} · <span class="mono">{me.email}</span> · {t.role}: {me.role}
      </p>
      <section aria-labelledby="mfa-h">
        <h2 id="mfa-h">{t.secondFactorTitle}</h2>
        <p>{me.totpEnabled ? t.totpOn : t.totpOff}</p>
        {me.totpEnabled ? (
          <form method="post" action={`/team/${lang}/account/recovery-codes`}>
            <CsrfField token={csrf} />
            <button type="submit" class="secondary">
              {t.regenerateCodes}
            </button>
          </form>
        ) : (
          <TotpSetup lang={lang} csrf={csrf} />
        )}
        <h3>{t.securityKeys}</h3>
        <RegisterKey lang={lang} />
      </section>
      <PasswordSection lang={lang} csrf={csrf} />
      <TokensSection lang={lang} csrf={csrf} tokens={tokens} />
      {members.length > 0 ? <MembersSection lang={lang} csrf={csrf} members={members} /> : null}
    </>,
    status,
  );
}
