import type { Claim } from "../claims/index.ts";
import type { Revision } from "../history/index.ts";
import { FORM_VALUE_TYPES } from "./claim.form.ts";
import { formatWhen, messages } from "./i18n.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { actorLabel, type Actors } from "./history.pages.tsx";
import { historyMessages } from "./history.i18n.ts";

/** A source the form can cite. */
export interface SourceOption {
  id: string;
  label: string;
}

/** The form to add or edit a claim. */
export function ClaimForm(p: {
  lang: Lang;
  csrf: string;
  action: string;
  sources: readonly SourceOption[];
  claim?: Claim;
  values?: Record<string, string>;
  error?: string;
  conflict?: boolean;
}) {
  const t = messages(p.lang);
  const c = p.claim;
  const v = (name: string, fallback: string) => p.values?.[name] ?? fallback;
  const currentSource = v("sourceId", c?.sources[0]?.sourceId ?? "");
  return (
    <>
      {p.conflict ? (
        <Notice kind="error">
          <strong>{t.conflict}</strong> {t.conflictHelp} {p.error}
        </Notice>
      ) : p.error ? (
        <Notice kind="error">{p.error}</Notice>
      ) : null}
      <form method="post" action={p.action}>
        <CsrfField token={p.csrf} />
        {c ? <input type="hidden" name="version" value={String(c.version)} /> : null}
        {c ? (
          <p>
            {t.property}: <strong>{c.property}</strong> · {t.version} {digits(p.lang, c.version)}
          </p>
        ) : (
          <>
            <label for="property">{t.property}</label>
            <input
              id="property"
              name="property"
              type="text"
              required
              pattern="[a-z][a-z0-9_]{0,62}"
              value={v("property", "")}
            />
          </>
        )}
        <ValueFields lang={p.lang} claim={c} v={v} />
        <label for="sourceId">{t.source}</label>
        <select id="sourceId" name="sourceId">
          <option value="">—</option>
          {p.sources.map((s) => (
            <option value={s.id} selected={s.id === currentSource}>
              {s.label}
            </option>
          ))}
        </select>
        <label for="locator">{t.locator}</label>
        <input
          id="locator"
          name="locator"
          type="text"
          maxlength={2000}
          value={v("locator", String(c?.sources[0]?.locator?.page ?? ""))}
        />
        <p>
          <input
            id="editorial"
            name="editorial"
            type="checkbox"
            checked={v("editorial", c?.editorial ? "on" : "") === "on"}
          />{" "}
          <label for="editorial" class="inline">
            {t.editorial}
          </label>
        </p>
        <StandingFields lang={p.lang} claim={c} v={v} />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
    </>
  );
}

/** The value of a claim: editable for the types the form knows, shown as text for the others. */
function ValueFields({
  lang,
  claim: c,
  v,
}: {
  lang: Lang;
  claim: Claim | undefined;
  v: (name: string, fallback: string) => string;
}) {
  const t = messages(lang);
  const editableValue = !c || (FORM_VALUE_TYPES as readonly string[]).includes(c.value.type);
  const valueType = v("valueType", c ? c.value.type : "text");
  return editableValue ? (
    <>
      <label for="valueType">{t.valueType}</label>
      <select id="valueType" name="valueType">
        {FORM_VALUE_TYPES.map((o) => (
          <option value={o} selected={o === valueType}>
            {o}
          </option>
        ))}
      </select>
      <label for="value">{t.value}</label>
      <textarea id="value" name="value" required>
        {v("value", c?.valueText ?? "")}
      </textarea>
      <label for="valueLang">{t.valueLang}</label>
      <input
        id="valueLang"
        name="valueLang"
        type="text"
        maxlength={8}
        value={v("valueLang", c && "lang" in c.value ? (c.value.lang ?? "") : "")}
      />
    </>
  ) : (
    <p>
      {t.value}: {c?.valueText}
    </p>
  );
}

/** Confidence and visibility of a claim, and on edits its status and the reason for the change. */
function StandingFields({
  lang,
  claim: c,
  v,
}: {
  lang: Lang;
  claim: Claim | undefined;
  v: (name: string, fallback: string) => string;
}) {
  const t = messages(lang);
  return (
    <>
      <label for="confidence">{t.confidence}</label>
      <select id="confidence" name="confidence">
        {(["low", "medium", "high"] as const).map((o) => (
          <option value={o} selected={o === v("confidence", c?.confidence ?? "medium")}>
            {t[o]}
          </option>
        ))}
      </select>
      <label for="visibility">{t.visibility}</label>
      <select id="visibility" name="visibility">
        {(["public", "team", "confidential"] as const).map((o) => (
          <option value={o} selected={o === v("visibility", c?.visibility ?? "team")}>
            {t[o]}
          </option>
        ))}
      </select>
      {c ? (
        <>
          <label for="status">{t.status}</label>
          <select id="status" name="status">
            {(["asserted", "contested", "retracted"] as const).map((o) => (
              <option value={o} selected={o === v("status", c.status)}>
                {o === "contested" ? t.contested : t[o]}
              </option>
            ))}
          </select>
          <label for="reason">{t.reason}</label>
          <input id="reason" name="reason" type="text" maxlength={1000} value={v("reason", "")} />
        </>
      ) : null}
    </>
  );
}

/** The versions of a claim, each revertible by members who may edit. */
export function HistoryTable(p: {
  lang: Lang;
  csrf: string;
  claim: Claim;
  revisions: readonly Revision[];
  canRevert: boolean;
  /** Who each author value names (members by name, never their ids). */
  actors: Actors;
  error?: string;
}) {
  const t = messages(p.lang);
  const h = historyMessages(p.lang);
  return (
    <>
      {p.error ? <Notice kind="error">{p.error}</Notice> : null}
      <p>
        <a href={`/team/${p.lang}/entities/${encodeURIComponent(p.claim.entityId)}`}>{t.back}</a> ·{" "}
        <a href={`/team/${p.lang}/claims/${encodeURIComponent(p.claim.id)}/compare`}>{h.compare}</a> ·{" "}
        <a href={`/team/${p.lang}/entities/${encodeURIComponent(p.claim.entityId)}/history`}>{h.recordHistory}</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.version}</th>
            <th scope="col">{t.action}</th>
            <th scope="col">{t.value}</th>
            <th scope="col">{t.visibility}</th>
            <th scope="col">{t.author}</th>
            <th scope="col">{t.when}</th>
            <th scope="col">{t.reason}</th>
            <th scope="col">
              <span class="skip">{t.revertTo}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {p.revisions.map((r) => (
            <tr>
              <td>{digits(p.lang, r.version)}</td>
              <td>{r.action}</td>
              <td>{typeof r.snapshot.value_text === "string" ? r.snapshot.value_text : ""}</td>
              <td>{typeof r.snapshot.visibility === "string" ? r.snapshot.visibility : ""}</td>
              <td>{actorLabel(p.lang, r.author, p.actors)}</td>
              <td>{formatWhen(p.lang, r.createdAt)}</td>
              <td>{r.reason ?? ""}</td>
              <td>
                {p.canRevert && r.version < p.claim.version ? (
                  <form
                    method="post"
                    action={`/team/${p.lang}/claims/${encodeURIComponent(p.claim.id)}/revert`}
                  >
                    <input type="hidden" name="_csrf" value={p.csrf} />
                    <input type="hidden" name="version" value={String(p.claim.version)} />
                    <input type="hidden" name="toVersion" value={String(r.version)} />
                    <button type="submit" class="secondary">
                      {t.revertTo} {digits(p.lang, r.version)}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
