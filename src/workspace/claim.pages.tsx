import type { Claim } from "../claims/index.ts";
import type { Revision } from "../history/index.ts";
import { formatWhen, messages } from "./i18n.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { actorLabel, type Actors } from "./history.pages.tsx";
import { historyMessages } from "./history.i18n.ts";
import { AuthoringAssets, CitationFields, type FieldCtx, TextField } from "./authoring.fields.tsx";
import { authoringMessages } from "./authoring.i18n.ts";
import { StandingFields, ValueFields } from "./claim.value-fields.tsx";
import type { PickResult } from "./picker.ts";

/** Labels of the records a claim form names (its source, its reference), by id. */
export type FormLabels = ReadonlyMap<string, { label: string }>;

/** The form to add or edit a claim: a value of any type and its citation. */
export function ClaimForm(p: {
  lang: Lang;
  csrf: string;
  action: string;
  f: FieldCtx;
  picks: ReadonlyMap<string, PickResult>;
  labels: FormLabels;
  claim?: Claim;
  error?: string;
  conflict?: boolean;
}) {
  const t = messages(p.lang);
  const a = authoringMessages(p.lang);
  const c = p.claim;
  const first = c?.sources[0];
  return (
    <>
      {p.conflict ? (
        <Notice kind="error">
          <strong>{t.conflict}</strong> {t.conflictHelp} {p.error}
        </Notice>
      ) : p.error || p.f.errors.size > 0 ? (
        <Notice kind="error">
          {a.fixErrors} {p.error ?? ""}
        </Notice>
      ) : null}
      <form method="post" action={p.action}>
        <CsrfField token={p.csrf} />
        {c ? <input type="hidden" name="version" value={String(c.version)} /> : null}
        {c ? (
          <p>
            {t.property}: <strong>{c.property}</strong> · {t.version} {digits(p.lang, c.version)}
          </p>
        ) : (
          <TextField f={p.f} name="property" label={t.property} required maxlength={63} />
        )}
        <ValueFields f={p.f} claim={c} picks={p.picks} labels={p.labels} />
        <CitationFields
          f={p.f}
          pick={p.picks.get("sourceId")}
          fallbackId={first?.sourceId}
          fallbackLabel={first ? (p.labels.get(first.sourceId)?.label ?? first.sourceId) : undefined}
          locator={first?.locator}
          editorial={c?.editorial}
        />
        <StandingFields lang={p.lang} claim={c} f={p.f} />
        <p>
          <button type="submit">{t.save}</button>
        </p>
      </form>
      <AuthoringAssets />
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
