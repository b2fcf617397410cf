/** The page an invitation link opens: who was invited, and the form where they choose their name and password. */
import type { Invitation } from "../auth/index.ts";
import type { Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import type { FieldErrors } from "./team.form.ts";
import { roleName, teamMessages } from "./team.i18n.ts";
import { errorAttrs, FieldError } from "./team.pages.tsx";

/** The invitee's form: their address and role as invited, their own name and password. */
export function AcceptForm(p: { lang: Lang; csrf: string; action: string; invitation: Invitation; name: string; errors: FieldErrors }) {
  const t = teamMessages(p.lang);
  const nameErr = p.errors.name;
  const pwErr = p.errors.password;
  return (
    <>
      <p>{t.acceptHelp}</p>
      <dl>
        <dt>{t.email}</dt>
        <dd class="mono" dir="ltr">
          {p.invitation.email}
        </dd>
        <dt>{t.role}</dt>
        <dd>{roleName(p.lang, p.invitation.role)}</dd>
      </dl>
      <FieldError id="accept-email-error" text={p.errors.email} />
      <form method="post" action={p.action}>
        <CsrfField token={p.csrf} />
        {/* The address, for password managers to store the new credentials under. */}
        <input type="hidden" name="username" value={p.invitation.email} autocomplete="username" />
        <label for="accept-name">{t.yourName}</label>
        <input id="accept-name" name="name" type="text" value={p.name} maxlength={200} required autocomplete="name" {...errorAttrs("accept-name", nameErr)} />
        <FieldError id="accept-name-error" text={nameErr} />
        <label for="accept-password">{t.password}</label>
        <input id="accept-password" name="password" type="password" minlength={12} maxlength={128} required autocomplete="new-password" {...errorAttrs("accept-password", pwErr)} />
        <FieldError id="accept-password-error" text={pwErr} />
        <p>
          <button type="submit">{t.acceptSubmit}</button>
        </p>
      </form>
    </>
  );
}

/** Why a link does not work, with no detail beyond that. */
export function LinkNotWorking(p: { lang: Lang; status: "gone" | "expired" | "unknown" }) {
  const t = teamMessages(p.lang);
  const text = p.status === "gone" ? t.linkGone : p.status === "expired" ? t.linkExpired : t.linkUnknown;
  return <Notice kind="error">{text}</Notice>;
}

/** The account is ready: go and sign in. */
export function Accepted(p: { lang: Lang }) {
  const t = teamMessages(p.lang);
  return (
    <>
      <Notice kind="ok">{t.accepted}</Notice>
      <p>
        <a href={`/team/${p.lang}/sign-in`}>{t.signIn}</a>
      </p>
    </>
  );
}
