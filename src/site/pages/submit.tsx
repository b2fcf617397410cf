/**
 * The public form (`/{lang}/submit`) and its answers: the receipt (shown once), the status page
 * and the refusals. Works without JavaScript; under load the page adds Sabt's own proof-of-work
 * script. These pages are never cached: they carry a challenge, a receipt or a state.
 */
import type { SubmissionState } from "../../db/index.ts";
import { type Lang } from "../../i18n/index.ts";
import { SUBMIT_JS_PATH } from "../assets.ts";
import { st, type SubmitKey } from "../i18n/submit-strings.ts";
import { sharePath } from "../paths.ts";
import type { PageCtx, PageResult } from "./page.ts";

/** The path of the form in a language. */
export const submitPath = (lang: Lang) => `/${lang}/submit`;
/** The path of the status page in a language. */
export const statusPath = (lang: Lang) => `/${lang}/submit/status`;

/** What the form shows: the values to keep, the errors beside their fields, a notice on top. */
export interface SubmitFormState {
  values: ReadonlyMap<string, string>;
  errors: ReadonlyMap<string, string>;
  fileErrors: readonly string[];
  notice?: string | undefined;
  /** A proof-of-work challenge when the form is under load. */
  challenge?: string | undefined;
  /** The public person the form was opened from. */
  person?: { slug: string; name: string } | undefined;
  maxFiles: number;
  maxFileSize: string;
}

function meta(lang: Lang, key: SubmitKey, path: string, extra: { noindex?: boolean; scripts?: string[] } = {}): PageResult["meta"] {
  return {
    lang,
    title: st(lang, key),
    description: st(lang, key === "title" ? "intro" : key).slice(0, 150),
    path,
    alternates: { fa: path.replace(/^\/(fa|en)/, "/fa"), en: path.replace(/^\/(fa|en)/, "/en") },
    ogType: "website",
    image: sharePath(lang, "site"),
    jsonLd: [],
    fictional: false,
    noindex: extra.noindex ?? true,
    ...(extra.scripts ? { scripts: extra.scripts } : {}),
  };
}

function Err({ text }: { text: string | undefined }) {
  return text ? <p class="error">{text}</p> : null;
}

function Radio({ name, value, label, checked }: { name: string; value: string; label: string; checked: boolean }) {
  return (
    <label>
      <input type="radio" name={name} value={value} checked={checked} /> {label}
    </label>
  );
}

function KindField({ lang, s }: { lang: Lang; s: SubmitFormState }) {
  const kind = s.values.get("kind") ?? (s.person ? "correction" : "");
  return (
    <fieldset>
      <legend>{st(lang, "kind")}</legend>
      <Err text={s.errors.get("kind")} />
      <Radio name="kind" value="correction" label={st(lang, "kindCorrection")} checked={kind === "correction"} />
      <Radio name="kind" value="missing" label={st(lang, "kindMissing")} checked={kind === "missing"} />
      <Radio name="kind" value="testimony" label={st(lang, "kindTestimony")} checked={kind === "testimony"} />
    </fieldset>
  );
}

function AboutField({ lang, s }: { lang: Lang; s: SubmitFormState }) {
  if (s.person) {
    return (
      <p>
        {st(lang, "aboutRecord")} <strong>{s.person.name}</strong>
        <input type="hidden" name="person" value={s.person.slug} />
      </p>
    );
  }
  return (
    <>
      <label for="about">{st(lang, "aboutField")}</label>
      <Err text={s.errors.get("about")} />
      <input id="about" name="about" type="text" maxlength={500} value={s.values.get("about") ?? ""} />
    </>
  );
}

function FileField({ lang, s }: { lang: Lang; s: SubmitFormState }) {
  return (
    <>
      <label for="files">{st(lang, "files")}</label>
      <p class="hint">{st(lang, "filesHint", { n: String(s.maxFiles), max: s.maxFileSize })}</p>
      <Err text={s.errors.get("files")} />
      {s.fileErrors.length > 0 ? <ul class="error">{s.fileErrors.map((e) => <li>{e}</li>)}</ul> : null}
      <input id="files" name="files" type="file" multiple />
    </>
  );
}

function SenderFields({ lang, s }: { lang: Lang; s: SubmitFormState }) {
  const consent = s.values.get("consent") ?? "anonymous";
  return (
    <>
      <label for="name">{st(lang, "name")}</label>
      <Err text={s.errors.get("name")} />
      <input id="name" name="name" type="text" maxlength={200} autocomplete="off" value={s.values.get("name") ?? ""} />
      <label for="contact">{st(lang, "contact")}</label>
      <p class="hint">{st(lang, "contactHint")}</p>
      <Err text={s.errors.get("contact")} />
      <input id="contact" name="contact" type="text" maxlength={500} autocomplete="off" value={s.values.get("contact") ?? ""} />
      <fieldset>
        <legend>{st(lang, "consent")}</legend>
        <Err text={s.errors.get("consent")} />
        <Radio name="consent" value="anonymous" label={st(lang, "consentAnonymous")} checked={consent !== "named"} />
        <Radio name="consent" value="named" label={st(lang, "consentNamed")} checked={consent === "named"} />
      </fieldset>
    </>
  );
}

/** The form page (fresh, or again with the refusal beside its field). */
export function buildSubmitPage(ctx: PageCtx, s: SubmitFormState): PageResult {
  const { lang } = ctx;
  const path = submitPath(lang);
  const scripts = s.challenge ? [SUBMIT_JS_PATH] : undefined;
  return {
    meta: meta(lang, "title", path, { noindex: s.person !== undefined || s.errors.size > 0 || s.notice !== undefined, ...(scripts ? { scripts } : {}) }),
    body: (
      <>
        <h1>{st(lang, "title")}</h1>
        {s.notice ? <p class="notice error" role="alert">{s.notice}</p> : null}
        <p>{st(lang, "intro")}</p>
        <p class="notice">{st(lang, "safety")}</p>
        {s.challenge ? <p class="notice">{st(lang, "busyNotice")}</p> : null}
        <form class="submit" action={path} method="post" enctype="multipart/form-data" {...(s.challenge ? { "data-pow": st(lang, "working") } : {})}>
          <KindField lang={lang} s={s} />
          <AboutField lang={lang} s={s} />
          <label for="text">{st(lang, "text")}</label>
          <p class="hint">{st(lang, "textHint")}</p>
          <Err text={s.errors.get("text")} />
          <textarea id="text" name="text" maxlength={20000} required>{s.values.get("text") ?? ""}</textarea>
          <FileField lang={lang} s={s} />
          <SenderFields lang={lang} s={s} />
          <div class="hp" aria-hidden="true">
            <label for="website">{st(lang, "honeypot")}</label>
            <input id="website" name="website" type="text" tabindex={-1} autocomplete="off" value="" />
          </div>
          {s.challenge ? <input type="hidden" name="pow_challenge" value={s.challenge} /> : null}
          {s.challenge ? <input type="hidden" name="pow_nonce" value="" /> : null}
          <p class="hint" data-pow-status="" aria-live="polite"></p>
          <button type="submit">{st(lang, "send")}</button>
        </form>
        <p>
          <a href={statusPath(lang)}>{st(lang, "checkStatus")}</a>
        </p>
      </>
    ),
  };
}

/** The receipt, shown once after a submission was stored (or pretended, for a filled honeypot). */
export function buildReceiptPage(ctx: PageCtx, code: string): PageResult {
  const { lang } = ctx;
  return {
    meta: meta(lang, "thanksTitle", submitPath(lang)),
    body: (
      <>
        <h1>{st(lang, "thanksTitle")}</h1>
        <p>{st(lang, "thanksBody")}</p>
        <p>
          {st(lang, "receipt")}: <br />
          {/* Latin letters and digits on Persian pages too: the code is typed back as it is. */}
          <output class="receipt" lang="en" dir="ltr">{code}</output>
        </p>
        <p>
          <a href={statusPath(lang)}>{st(lang, "checkStatus")}</a> · <a href={submitPath(lang)}>{st(lang, "backToForm")}</a>
        </p>
      </>
    ),
  };
}

const STATE_KEY: Record<SubmissionState, SubmitKey> = {
  received: "stateReceived",
  in_review: "stateInReview",
  used: "stateUsed",
  declined: "stateDeclined",
};

/** The day a submission arrived, in the page's language and calendar (Solar Hijri on Persian pages). */
function day(lang: Lang, d: Date): string {
  return new Intl.DateTimeFormat(lang === "fa" ? "fa-IR-u-ca-persian" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(d);
}

/** The status page: the code form, and the state of the submission it names (nothing else). */
export function buildStatusPage(ctx: PageCtx, r: { code?: string; found?: { state: SubmissionState; receivedAt: Date } | undefined }): PageResult {
  const { lang } = ctx;
  const path = statusPath(lang);
  return {
    meta: meta(lang, "statusTitle", path, { noindex: r.code !== undefined }),
    body: (
      <>
        <h1>{st(lang, "statusTitle")}</h1>
        {r.code !== undefined && !r.found ? <p class="notice error" role="alert">{st(lang, "noSuchCode")}</p> : null}
        {r.found ? (
          <dl>
            <dt>{st(lang, "state")}</dt>
            <dd>{st(lang, STATE_KEY[r.found.state])}</dd>
            <dt>{st(lang, "receivedOn")}</dt>
            <dd>{day(lang, r.found.receivedAt)}</dd>
          </dl>
        ) : null}
        <p>{st(lang, "statusIntro")}</p>
        <form class="submit" action={path} method="post">
          <label for="code">{st(lang, "code")}</label>
          <input id="code" name="code" type="text" dir="ltr" lang="en" autocomplete="off" maxlength={64} value={r.code ?? ""} />
          <button type="submit">{st(lang, "check")}</button>
        </form>
        <p>
          <a href={submitPath(lang)}>{st(lang, "title")}</a>
        </p>
      </>
    ),
  };
}
