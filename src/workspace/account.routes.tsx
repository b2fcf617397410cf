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
import { formatWhen, messages } from "./i18n.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { field, guarded, langOf, page, pageCsrf, requireMember, type Ctx } from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

/** Registers the account page (password, second factors, API tokens) and the admin member list. */
export function registerAccountPages(app: App, deps: AppDeps): void {
  const { db } = deps;

  const accountPage = async (c: Ctx, notice?: { kind: "ok" | "error"; text: string }, status: 200 | 400 = 200) => {
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
        <section aria-labelledby="pw-h">
          <h2 id="pw-h">{t.changePassword}</h2>
          <form method="post" action={`/team/${lang}/account/password`}>
            <CsrfField token={csrf} />
            <label for="current">{t.currentPassword}</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required />
            <label for="next">{t.newPassword}</label>
            <input id="next" name="next" type="password" autocomplete="new-password" minlength={12} maxlength={128} required />
            <p>
              <button type="submit">{t.save}</button>
            </p>
          </form>
        </section>
        <section aria-labelledby="tokens-h">
          <h2 id="tokens-h">{t.tokens}</h2>
          {tokens.length === 0 ? (
            <p>{t.noResults}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.email}</th>
                  <th scope="col">{t.scopes}</th>
                  <th scope="col">{t.created}</th>
                  <th scope="col">{t.expires}</th>
                  <th scope="col">
                    <span class="skip">{t.revoke}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr>
                    <td>{tk.name}</td>
                    <td class="mono">{tk.email}</td>
                    <td>{tk.scopes.join(", ")}</td>
                    <td>{formatWhen(lang, tk.createdAt)}</td>
                    <td>{tk.expiresAt ? formatWhen(lang, tk.expiresAt) : t.never}</td>
                    <td>
                      {tk.revokedAt ? (
                        t.revoked
                      ) : (
                        <form method="post" action={`/team/${lang}/account/tokens/${encodeURIComponent(tk.id)}/revoke`}>
                          <CsrfField token={csrf} />
                          <button type="submit" class="secondary">
                            {t.revoke} <span class="skip">{tk.name}</span>
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {members.length > 0 ? (
          <section aria-labelledby="members-h">
            <h2 id="members-h">{t.members}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.email}</th>
                  <th scope="col">{t.role}</th>
                  <th scope="col">{t.requireSecondFactor}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr>
                    <td>{m.name}</td>
                    <td class="mono">{m.email}</td>
                    <td>{m.role}</td>
                    <td>
                      <form method="post" action={`/team/${lang}/account/members/require-second-factor`}>
                        <CsrfField token={csrf} />
                        <input type="hidden" name="email" value={m.email} />
                        <input type="hidden" name="required" value={m.requireSecondFactor ? "off" : "on"} />
                        <button type="submit" class="secondary">
                          {m.requireSecondFactor ? t.yes : t.no} <span class="skip">{`${t.requireSecondFactor}: ${m.email}`}</span>
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </>,
      status,
    );
  };

  app.get(`${L}/account`, guarded(deps, (c) => accountPage(c)));

  app.post(
    `${L}/account/password`,
    guarded(deps, async (c) => {
      const viewer = requireMember(c);
      const form = await c.req.parseBody();
      try {
        await changeOwnPassword(db, viewer, field(form, "current").slice(0, 1024), field(form, "next").slice(0, 1024));
      } catch (e) {
        if (!isSabtError(e) || (e.id !== "unauthorized" && e.id !== "validation_failed")) throw e;
        return accountPage(c, { kind: "error", text: e.message }, 400);
      }
      // Every session of the account ended, this one included: sign in again with the new password.
      return c.redirect(`/team/${langOf(c)}/sign-in`, 303);
    }),
  );

  app.post(
    `${L}/account/recovery-codes`,
    guarded(deps, async (c) => {
      const viewer = requireMember(c);
      const lang = langOf(c);
      const codes = await db.transaction().execute((trx) => issueRecoveryCodes(trx, viewer.userId));
      return page(c, deps, messages(lang).recoveryTitle, <RecoveryCodes lang={lang} codes={codes} next={`/team/${lang}/account`} />);
    }),
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
    guarded(deps, async (c) => {
      const viewer = requireMember(c);
      const form = await c.req.parseBody();
      await db.transaction().execute((trx) => setRequireSecondFactor(trx, viewer, field(form, "email"), field(form, "required") === "on"));
      return c.redirect(`/team/${langOf(c)}/account`, 303);
    }),
  );
}
