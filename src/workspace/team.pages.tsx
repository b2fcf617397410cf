/** The team page's sections: members with their actions, invitations, API tokens, and the invitee's page. */
import type { Invitation, TeamMember, TokenInfo } from "../auth/index.ts";
import type { Lang } from "../i18n/index.ts";
import { formatWhen } from "./i18n.ts";
import { CsrfField } from "./layout.tsx";
import { TOKEN_SCOPES, type FieldErrors, type TeamField } from "./team.form.ts";
import { roleName, teamMessages } from "./team.i18n.ts";

/** The roles, most powerful first (the same closed set as `RoleSchema`). */
export const ROLES = ["admin", "editor", "researcher", "reviewer", "viewer"] as const;

/** The message beside a field, tied to its input with aria-describedby. */
export function FieldError(p: { id: string; text?: string | undefined }) {
  return p.text ? (
    <p id={p.id} class="field-error">
      {p.text}
    </p>
  ) : null;
}

/** The accessibility attributes of an input that may carry an error. */
export function errorAttrs(id: string, text?: string): Record<string, string> {
  return text ? { "aria-invalid": "true", "aria-describedby": `${id}-error` } : {};
}

/** A text input with its label and its error beside it. */
function TextField(p: { id: string; name: TeamField; label: string; type?: string; value: string; errors: FieldErrors; max: number; autocomplete?: string }) {
  const err = p.errors[p.name];
  return (
    <>
      <label for={p.id}>{p.label}</label>
      <input id={p.id} name={p.name} type={p.type ?? "text"} value={p.value} maxlength={p.max} required autocomplete={p.autocomplete} {...errorAttrs(p.id, err)} />
      <FieldError id={`${p.id}-error`} text={err} />
    </>
  );
}

/** A role chooser. */
function RoleSelect(p: { lang: Lang; id: string; name: string; value: string; attrs?: Record<string, string> }) {
  return (
    <select id={p.id} name={p.name} {...p.attrs}>
      {ROLES.map((r) => (
        <option value={r} selected={r === p.value}>
          {roleName(p.lang, r)}
        </option>
      ))}
    </select>
  );
}

/** The actions on one member: change role, disable or enable, reset the second factor. */
function MemberActions(p: { lang: Lang; csrf: string; m: TeamMember; isMe: boolean }) {
  const t = teamMessages(p.lang);
  const base = `/team/${p.lang}/team/members/${encodeURIComponent(p.m.id)}`;
  return (
    <td class="row-actions">
      <form method="post" action={`${base}/role`}>
        <CsrfField token={p.csrf} />
        <label for={`role-${p.m.id}`} class="skip">{`${t.newRoleOf} ${p.m.name}`}</label>
        <RoleSelect lang={p.lang} id={`role-${p.m.id}`} name="role" value={p.m.role} />{" "}
        <button type="submit" class="secondary">
          {t.changeRole} <span class="skip">{p.m.name}</span>
        </button>
      </form>
      {p.isMe ? null : (
        <form method="post" action={`${base}/${p.m.disabled ? "enable" : "disable"}`}>
          <CsrfField token={p.csrf} />
          <button type="submit" class="secondary">
            {p.m.disabled ? t.enable : t.disable} <span class="skip">{p.m.name}</span>
          </button>
        </form>
      )}
      {p.m.secondFactor ? (
        <form method="post" action={`${base}/reset-second-factor`}>
          <CsrfField token={p.csrf} />
          <button type="submit" class="secondary">
            {t.resetSecondFactor} <span class="skip">{p.m.name}</span>
          </button>
        </form>
      ) : null}
    </td>
  );
}

/** Every member with their state and actions. */
export function MembersTable(p: { lang: Lang; csrf: string; members: readonly TeamMember[]; meId: string }) {
  const t = teamMessages(p.lang);
  return (
    <section aria-labelledby="members-h">
      <h2 id="members-h">{t.membersTitle}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.email}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.secondFactor}</th>
            <th scope="col">{t.lastSignIn}</th>
            <th scope="col">{t.actions}</th>
          </tr>
        </thead>
        <tbody>
          {p.members.map((m) => (
            <tr>
              <td>
                {m.name} {m.id === p.meId ? t.you : null}
              </td>
              <td class="mono" dir="ltr">
                {m.email}
              </td>
              <td>{roleName(p.lang, m.role)}</td>
              <td>{m.disabled ? t.disabled : t.active}</td>
              <td>{m.secondFactor ? t.yes : t.no}</td>
              <td>{m.lastSignInAt ? formatWhen(p.lang, m.lastSignInAt) : t.notKnown}</td>
              <MemberActions lang={p.lang} csrf={p.csrf} m={m} isMe={m.id === p.meId} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What the invitation form holds after a failed submission. */
export interface InviteValues {
  email: string;
  name: string;
  role: string;
  expiresInDays: string;
}

/** The invitation form, with the link shown once after it was created. */
export function InviteSection(p: { lang: Lang; csrf: string; values: InviteValues; errors: FieldErrors; created?: { link: string; expiresAt: Date } | undefined }) {
  const t = teamMessages(p.lang);
  const roleErr = p.errors.role;
  const daysErr = p.errors.expiresInDays;
  return (
    <section aria-labelledby="invite-h">
      <h2 id="invite-h">{t.inviteTitle}</h2>
      {p.created ? (
        <div role="status">
          <p>{t.inviteLinkShown}</p>
          <p id="invite-link" class="shown-once" dir="ltr">
            {p.created.link}
          </p>
          <p>
            {t.inviteExpiresAt}: {formatWhen(p.lang, p.created.expiresAt)}
          </p>
        </div>
      ) : null}
      <p>{t.inviteHelp}</p>
      <form method="post" action={`/team/${p.lang}/team/invitations`}>
        <CsrfField token={p.csrf} />
        <TextField id="invite-email" name="email" type="email" label={t.email} value={p.values.email} errors={p.errors} max={254} />
        <TextField id="invite-name" name="name" label={t.name} value={p.values.name} errors={p.errors} max={200} />
        <label for="invite-role">{t.role}</label>
        <RoleSelect lang={p.lang} id="invite-role" name="role" value={p.values.role || "viewer"} attrs={errorAttrs("invite-role", roleErr)} />
        <FieldError id="invite-role-error" text={roleErr} />
        <label for="invite-days">{t.inviteDays}</label>
        <input id="invite-days" name="expiresInDays" type="number" min={1} max={30} value={p.values.expiresInDays} {...errorAttrs("invite-days", daysErr)} />
        <FieldError id="invite-days-error" text={daysErr} />
        <p>
          <button type="submit">{t.inviteSubmit}</button>
        </p>
      </form>
    </section>
  );
}

/** Invitations neither used nor revoked, each with its revoke button. */
export function InvitationsTable(p: { lang: Lang; csrf: string; invitations: readonly Invitation[]; actorName: (actor: string) => string; now: Date }) {
  const t = teamMessages(p.lang);
  return (
    <section aria-labelledby="invitations-h">
      <h2 id="invitations-h">{t.invitationsTitle}</h2>
      {p.invitations.length === 0 ? (
        <p>{t.noInvitations}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.email}</th>
              <th scope="col">{t.role}</th>
              <th scope="col">{t.invitedBy}</th>
              <th scope="col">{t.expires}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {p.invitations.map((i) => (
              <tr>
                <td>{i.name}</td>
                <td class="mono" dir="ltr">
                  {i.email}
                </td>
                <td>{roleName(p.lang, i.role)}</td>
                <td>{p.actorName(i.invitedBy)}</td>
                <td>
                  {formatWhen(p.lang, i.expiresAt)} {i.expiresAt.getTime() <= p.now.getTime() ? `(${t.expired})` : null}
                </td>
                <td>
                  <form method="post" action={`/team/${p.lang}/team/invitations/${encodeURIComponent(i.id)}/revoke`}>
                    <CsrfField token={p.csrf} />
                    <button type="submit" class="secondary">
                      {t.revokeInvitation} <span class="skip">{i.email}</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What the token form holds after a failed submission. */
export interface TokenValues {
  member: string;
  name: string;
  scopes: readonly string[];
  expiresInDays: string;
}

/** The form that creates an API token for a member, with the token shown once after it was created. */
export function TokenForm(p: { lang: Lang; csrf: string; members: readonly TeamMember[]; values: TokenValues; errors: FieldErrors; created?: string | undefined }) {
  const t = teamMessages(p.lang);
  const memberErr = p.errors.member;
  const scopesErr = p.errors.scopes;
  const daysErr = p.errors.expiresInDays;
  return (
    <>
      <h3>{t.tokenCreateTitle}</h3>
      {p.created ? (
        <div role="status">
          <p>{t.tokenShown}</p>
          <p id="new-token" class="shown-once" dir="ltr">
            {p.created}
          </p>
        </div>
      ) : null}
      <form method="post" action={`/team/${p.lang}/team/tokens`}>
        <CsrfField token={p.csrf} />
        <label for="token-member">{t.tokenMember}</label>
        <select id="token-member" name="member" {...errorAttrs("token-member", memberErr)}>
          {p.members
            .filter((m) => !m.disabled)
            .map((m) => (
              <option value={m.email} selected={m.email === p.values.member}>{`${m.name} <${m.email}>`}</option>
            ))}
        </select>
        <FieldError id="token-member-error" text={memberErr} />
        <TextField id="token-name" name="name" label={t.tokenName} value={p.values.name} errors={p.errors} max={100} />
        <fieldset aria-describedby={scopesErr ? "token-scopes-error" : undefined}>
          <legend>{t.tokenScopes}</legend>
          {TOKEN_SCOPES.map((s) => (
            <label>
              <input type="checkbox" name={`scope_${s}`} checked={p.values.scopes.includes(s)} /> {t[`scope_${s}`]}
            </label>
          ))}
        </fieldset>
        <FieldError id="token-scopes-error" text={scopesErr} />
        <label for="token-days">{t.tokenDays}</label>
        <input id="token-days" name="expiresInDays" type="number" min={1} max={3650} value={p.values.expiresInDays} {...errorAttrs("token-days", daysErr)} />
        <FieldError id="token-days-error" text={daysErr} />
        <p>
          <button type="submit">{t.tokenSubmit}</button>
        </p>
      </form>
    </>
  );
}

/** Every API token of the team, each with its revoke button. */
export function TokensTable(p: { lang: Lang; csrf: string; tokens: readonly TokenInfo[] }) {
  const t = teamMessages(p.lang);
  if (p.tokens.length === 0) return <p>{t.noTokens}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.tokenName}</th>
          <th scope="col">{t.email}</th>
          <th scope="col">{t.tokenScopes}</th>
          <th scope="col">{t.created}</th>
          <th scope="col">{t.expires}</th>
          <th scope="col">{t.lastUsed}</th>
          <th scope="col">{t.status}</th>
        </tr>
      </thead>
      <tbody>
        {p.tokens.map((tk) => (
          <tr>
            <td>{tk.name}</td>
            <td class="mono" dir="ltr">
              {tk.email}
            </td>
            <td>{tk.scopes.join(", ")}</td>
            <td>{formatWhen(p.lang, tk.createdAt)}</td>
            <td>{tk.expiresAt ? formatWhen(p.lang, tk.expiresAt) : t.never}</td>
            <td>{tk.lastUsedAt ? formatWhen(p.lang, tk.lastUsedAt) : t.notKnown}</td>
            <td>
              {tk.revokedAt ? (
                `${t.revoked} ${formatWhen(p.lang, tk.revokedAt)}`
              ) : (
                <form method="post" action={`/team/${p.lang}/team/tokens/${encodeURIComponent(tk.id)}/revoke`}>
                  <CsrfField token={p.csrf} />
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
  );
}
