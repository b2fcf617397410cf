import {
  beginTotpEnrollment,
  beginWebauthnRegistration,
  beginWebauthnSignIn,
  clearSessionCookie,
  completeSecondFactor,
  endSession,
  hasSecurityKey,
  confirmTotpEnrollment,
  finishWebauthnRegistration,
  finishWebauthnSignIn,
  relyingParty,
  requestSession,
  setSessionCookie,
  signInWithPassword,
  startSession,
  type SessionInfo,
} from "../auth/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { isSabtError, SabtError } from "../shared/errors.ts";
import { messages } from "./i18n.ts";
import { type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { teamMessages } from "./team.i18n.ts";
import {
  clientAddress,
  field,
  guarded,
  langOf,
  page,
  pageCsrf,
  pendingStep,
  secure,
  type Ctx,
} from "./workspace.context.ts";

const L = "/team/:lang{(?:fa|en)}";

function SignInForm(p: { lang: Lang; csrf: string; email?: string; error?: string }) {
  const t = messages(p.lang);
  return (
    <>
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      <form method="post" action={`/team/${p.lang}/sign-in`}>
        <CsrfField token={p.csrf} />
        <label for="email">{t.email}</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={p.email ?? ""} />
        <label for="password">{t.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p>
          <button type="submit">{t.signIn}</button>
        </p>
      </form>
    </>
  );
}

function SecondFactorForm(p: { lang: Lang; csrf: string; error?: string; hasKey: boolean }) {
  const t = messages(p.lang);
  return (
    <>
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      <p>{t.secondFactorHelp}</p>
      <form method="post" action={`/team/${p.lang}/sign-in/second-factor`}>
        <CsrfField token={p.csrf} />
        <label for="code">{t.code}</label>
        <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required />
        <p>
          <button type="submit">{t.verify}</button>
        </p>
      </form>
      {p.hasKey ? (
        <p>
          <button
            type="button"
            class="secondary"
            data-webauthn="authenticate"
            data-options={`/team/${p.lang}/sign-in/webauthn/options`}
            data-verify={`/team/${p.lang}/sign-in/webauthn/verify`}
            data-status="key-status"
          >
            {t.useSecurityKey}
          </button>{" "}
          <span id="key-status" role="status"></span>
        </p>
      ) : null}
    </>
  );
}

/** The TOTP set-up block: start, then the secret with a confirmation form. */
export function TotpSetup(p: { lang: Lang; csrf: string; secret?: string; uri?: string; error?: string }) {
  const t = messages(p.lang);
  if (!p.secret) {
    return (
      <form method="post" action={`/team/${p.lang}/account/totp/start`}>
        <CsrfField token={p.csrf} />
        <button type="submit">{t.totpStart}</button>
      </form>
    );
  }
  return (
    <>
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      <p>{t.totpSecret}</p>
      {/* Drawn by Sabt from the pending set-up (same origin, not cached): see totp-qr.routes.tsx. */}
      <p>
        <img class="totp-qr" src={`/team/${p.lang}/account/totp/qr.svg`} alt={teamMessages(p.lang).qrAlt} width={224} height={224} />
      </p>
      <p id="totp-secret">
        <code>{p.secret}</code>
      </p>
      <p>
        <code>{p.uri}</code>
      </p>
      <form method="post" action={`/team/${p.lang}/account/totp/confirm`}>
        <CsrfField token={p.csrf} />
        <label for="totp-code">{t.totpConfirm}</label>
        <input id="totp-code" name="code" type="text" autocomplete="one-time-code" required />
        <p>
          <button type="submit">{t.verify}</button>
        </p>
      </form>
    </>
  );
}

/** The recovery codes, shown once. */
export function RecoveryCodes(p: { lang: Lang; codes: readonly string[]; next: string }) {
  const t = messages(p.lang);
  return (
    <>
      <h2>{t.recoveryTitle}</h2>
      <p>{t.recoveryHelp}</p>
      <ul class="mono">
        {p.codes.map((c) => (
          <li>{c}</li>
        ))}
      </ul>
      <p>
        <a href={p.next}>{t.back}</a>
      </p>
    </>
  );
}

/** The "register a security key" control (needs the workspace script). */
export function RegisterKey(p: { lang: Lang }) {
  const t = messages(p.lang);
  return (
    <div>
      <label for="key-name">{t.keyName}</label>
      <input id="key-name" type="text" maxlength={100} />
      <p>
        <button
          type="button"
          class="secondary"
          data-webauthn="register"
          data-name="key-name"
          data-options={`/team/${p.lang}/account/webauthn/options`}
          data-verify={`/team/${p.lang}/account/webauthn/verify`}
          data-status="register-status"
        >
          {t.registerKey}
        </button>{" "}
        <span id="register-status" role="status"></span>
      </p>
    </div>
  );
}

function pending(c: Ctx, stage: SessionInfo["session"]["stage"]): SessionInfo {
  const s = requestSession(c);
  if (!s || s.session.stage !== stage) throw new SabtError("forbidden", "Start by signing in");
  return s;
}

/** Registers sign-in, second factor, enrollment and sign-out. */
export function registerAuthRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  const rp = relyingParty(deps.config.publicUrl);

  app.get(
    `${L}/sign-in`,
    guarded(deps, (c) => {
      const lang = langOf(c);
      if (c.get("viewer").kind === "user") return c.redirect(`/team/${lang}/`, 302);
      const next = pendingStep(lang, requestSession(c));
      if (next) return c.redirect(next, 302);
      return page(c, deps, messages(lang).signInTitle, <SignInForm lang={lang} csrf={pageCsrf(c, deps)} />);
    }),
  );

  app.post(
    `${L}/sign-in`,
    guarded(deps, (c) => postSignIn(c, deps)),
  );
  app.get(
    `${L}/sign-in/second-factor`,
    guarded(deps, (c) => getSignInSecondFactor(c, deps)),
  );
  app.post(
    `${L}/sign-in/second-factor`,
    guarded(deps, (c) => postSignInSecondFactor(c, deps)),
  );
  app.post(
    `${L}/sign-in/webauthn/options`,
    guarded(deps, async (c) => c.json(await beginWebauthnSignIn(db, pending(c, "second_factor"), rp))),
  );

  app.post(`${L}/sign-in/webauthn/verify`, async (c) => {
    const s = pending(c, "second_factor");
    const body = (await c.req.json()) as { response: Parameters<typeof finishWebauthnSignIn>[3] };
    const token = await finishWebauthnSignIn(db, s, rp, body.response, clientAddress(c, deps));
    setSessionCookie(c, token, secure(c, deps));
    return c.json({ next: `/team/${langOf(c)}/` });
  });

  // Enrollment when an admin requires a second factor and none is set up yet.
  app.get(
    `${L}/account/enroll`,
    guarded(deps, (c) => {
      const lang = langOf(c);
      const s = requestSession(c);
      if (!s || s.session.stage !== "enroll") return c.redirect(`/team/${lang}/sign-in`, 302);
      const t = messages(lang);
      const csrf = pageCsrf(c, deps);
      return page(
        c,
        deps,
        t.enrollTitle,
        <>
          <p>{t.enrollRequired}</p>
          <TotpSetup lang={lang} csrf={csrf} />
          <RegisterKey lang={lang} />
        </>,
      );
    }),
  );

  app.post(
    `${L}/account/totp/start`,
    guarded(deps, (c) => postAccountTotpStart(c, deps)),
  );
  app.post(
    `${L}/account/totp/confirm`,
    guarded(deps, (c) => postAccountTotpConfirm(c, deps)),
  );
  app.post(`${L}/account/webauthn/options`, async (c) => {
    const s = requestSession(c);
    if (!s || s.session.stage === "second_factor") throw new SabtError("unauthorized", "Sign in first");
    return c.json(await beginWebauthnRegistration(db, s, rp));
  });

  app.post(`${L}/account/webauthn/verify`, async (c) => {
    const s = requestSession(c);
    if (!s || s.session.stage === "second_factor") throw new SabtError("unauthorized", "Sign in first");
    const body = (await c.req.json()) as {
      name?: string;
      response: Parameters<typeof finishWebauthnRegistration>[3];
    };
    const token = await finishWebauthnRegistration(db, s, rp, body.response, String(body.name ?? ""));
    if (token) setSessionCookie(c, token, secure(c, deps));
    return c.json({ next: `/team/${langOf(c)}/account` });
  });

  app.post(
    `${L}/sign-out`,
    guarded(deps, (c) => postSignOut(c, deps)),
  );
}

/** POST /team/{lang}/sign-in. */
async function postSignIn(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const lang = langOf(c);
  const form = await c.req.parseBody();
  const email = field(form, "email").slice(0, 254);
  try {
    const r = await signInWithPassword(db, {
      email,
      password: field(form, "password").slice(0, 1024),
      address: clientAddress(c, deps),
    });
    const old = requestSession(c);
    if (old) await endSession(db, old);
    setSessionCookie(c, r.token, secure(c, deps));
    const to =
      r.stage === "full"
        ? `/team/${lang}/`
        : r.stage === "second_factor"
          ? `/team/${lang}/sign-in/second-factor`
          : `/team/${lang}/account/enroll`;
    return c.redirect(to, 303);
  } catch (e) {
    if (!isSabtError(e) || (e.id !== "unauthorized" && e.id !== "rate_limited")) throw e;
    return page(
      c,
      deps,
      messages(lang).signInTitle,
      <SignInForm lang={lang} csrf={pageCsrf(c, deps)} email={email} error={e.message} />,
      e.id === "rate_limited" ? 429 : 400,
    );
  }
}

/** GET /team/{lang}/sign-in/second-factor. */
async function getSignInSecondFactor(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const lang = langOf(c);
  const s = requestSession(c);
  if (!s || s.session.stage !== "second_factor") return c.redirect(`/team/${lang}/sign-in`, 302);
  const hasKey = await hasSecurityKey(db, s.user.id);
  return page(
    c,
    deps,
    messages(lang).secondFactorTitle,
    <SecondFactorForm lang={lang} csrf={pageCsrf(c, deps)} hasKey={hasKey} />,
  );
}

/** POST /team/{lang}/sign-in/second-factor. */
async function postSignInSecondFactor(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const lang = langOf(c);
  const s = pending(c, "second_factor");
  const form = await c.req.parseBody();
  try {
    const r = await completeSecondFactor(db, s, {
      code: field(form, "code").slice(0, 64),
      address: clientAddress(c, deps),
    });
    setSessionCookie(c, r.token, secure(c, deps));
    return c.redirect(`/team/${lang}/`, 303);
  } catch (e) {
    if (!isSabtError(e) || (e.id !== "unauthorized" && e.id !== "rate_limited")) throw e;
    return page(
      c,
      deps,
      messages(lang).secondFactorTitle,
      <SecondFactorForm lang={lang} csrf={pageCsrf(c, deps)} hasKey={false} error={e.message} />,
      e.id === "rate_limited" ? 429 : 400,
    );
  }
}

/** POST /team/{lang}/account/totp/start. */
async function postAccountTotpStart(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const lang = langOf(c);
  const s = requestSession(c);
  if (!s || s.session.stage === "second_factor") throw new SabtError("unauthorized", "Sign in first");
  const r = await db.transaction().execute((trx) => beginTotpEnrollment(trx, s.user.id));
  return page(
    c,
    deps,
    messages(lang).totpStart,
    <TotpSetup lang={lang} csrf={pageCsrf(c, deps)} secret={r.secret} uri={r.uri} />,
  );
}

/** POST /team/{lang}/account/totp/confirm. */
async function postAccountTotpConfirm(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const lang = langOf(c);
  const s = requestSession(c);
  if (!s || s.session.stage === "second_factor") throw new SabtError("unauthorized", "Sign in first");
  const form = await c.req.parseBody();
  const codes = await db.transaction().execute(async (trx) => {
    const out = await confirmTotpEnrollment(trx, s.user.id, field(form, "code").slice(0, 16));
    // A session that was waiting for a required factor becomes a full one, with a new token.
    const token =
      s.session.stage === "enroll" ? await startSession(trx, s.user.id, "full", { replaces: s }) : undefined;
    return { out, token };
  });
  if (codes.token) setSessionCookie(c, codes.token, secure(c, deps));
  return page(
    c,
    deps,
    messages(lang).recoveryTitle,
    <RecoveryCodes lang={lang} codes={codes.out} next={`/team/${lang}/account`} />,
  );
}

/** POST /team/{lang}/sign-out. */
async function postSignOut(c: Ctx, deps: AppDeps): Promise<Response> {
  const { db } = deps;
  const s = requestSession(c);
  if (s) await endSession(db, s);
  clearSessionCookie(c, secure(c, deps));
  return c.redirect(`/team/${langOf(c)}/sign-in`, 303);
}
