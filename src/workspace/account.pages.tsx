/** Sections of the account page: password, API tokens and the admin's member list. */
import type { listApiTokens, listMembers } from "../auth/index.ts";
import type { Lang } from "../i18n/index.ts";
import { formatWhen, messages } from "./i18n.ts";
import { CsrfField } from "./layout.tsx";

type Token = Awaited<ReturnType<typeof listApiTokens>>[number];
type Member = Awaited<ReturnType<typeof listMembers>>[number];

/** The form that changes one's own password. */
export function PasswordSection({ lang, csrf }: { lang: Lang; csrf: string }) {
  const t = messages(lang);
  return (
    <section aria-labelledby="pw-h">
      <h2 id="pw-h">{t.changePassword}</h2>
      <form method="post" action={`/team/${lang}/account/password`}>
        <CsrfField token={csrf} />
        <label for="current">{t.currentPassword}</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required />
        <label for="next">{t.newPassword}</label>
        <input
          id="next"
          name="next"
          type="password"
          autocomplete="new-password"
          minlength={12}
          maxlength={128}
          required
        />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
    </section>
  );
}

/** One's API tokens, each with its revoke button. */
export function TokensSection({
  lang,
  csrf,
  tokens,
}: {
  lang: Lang;
  csrf: string;
  tokens: readonly Token[];
}) {
  const t = messages(lang);
  return (
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
                    <form
                      method="post"
                      action={`/team/${lang}/account/tokens/${encodeURIComponent(tk.id)}/revoke`}
                    >
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
  );
}

/** The members (admins only), each with the switch that requires a second factor. */
export function MembersSection({
  lang,
  csrf,
  members,
}: {
  lang: Lang;
  csrf: string;
  members: readonly Member[];
}) {
  const t = messages(lang);
  return (
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
                    {m.requireSecondFactor ? t.yes : t.no}{" "}
                    <span class="skip">{`${t.requireSecondFactor}: ${m.email}`}</span>
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
