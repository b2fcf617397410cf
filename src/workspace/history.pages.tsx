import type { Actor } from "../auth/index.ts";
import { CLAIM_FIELDS, ENTITY_FIELDS, type RecordChange, type VersionView } from "../claims/index.ts";
import { digits, type Lang } from "../i18n/index.ts";
import { historyMessages, nameIn } from "./history.i18n.ts";
import { formatWhen, messages } from "./i18n.ts";
import { CsrfField, Notice } from "./layout.tsx";
import { wordDiff } from "./word-diff.ts";

/** Who wrote each author value on a page, from `resolveActors` (one lookup per page). */
export type Actors = ReadonlyMap<string, Actor>;

/** A readable version: its fields are there. */
export type ReadableVersion = VersionView & { readonly fields: ReadonlyMap<string, string> };

/** An author or actor value for people: a member's name, a system actor's kind, or a short marker. */
export function actorLabel(lang: Lang, author: string, actors: Actors): string {
  const h = historyMessages(lang);
  const a = actors.get(author);
  if (!a) return h.unknownAuthor;
  switch (a.kind) {
    case "member":
      return a.name;
    case "system":
      if (a.system === "cli") return a.detail ? `${h.systemCli} ${a.detail})` : `${h.systemCli})`;
      if (a.system === "import") return h.systemImport;
      if (a.system === "demo") return h.systemDemo;
      return a.detail ? `${h.systemOther} (${a.detail})` : h.systemOther;
    case "unknown":
      return `${h.unknownAuthor} (${a.marker})`;
  }
}

/** A stored field value for people: visibility, confidence, status and yes/no in the page's language. */
export function fieldValue(lang: Lang, field: string, value: string): string {
  const t = messages(lang);
  const h = historyMessages(lang);
  if (field === "editorial" || field === "preferred") return value === "true" ? t.yes : value === "false" ? t.no : value;
  if (field === "visibility" || field === "confidence" || field === "status") {
    const known = new Map([
      ["public", t.public],
      ["team", t.team],
      ["confidential", t.confidential],
      ["low", t.low],
      ["medium", t.medium],
      ["high", t.high],
      ["asserted", t.asserted],
      ["retracted", t.retracted],
      ["contested", h.contested],
    ]);
    return known.get(value) ?? value;
  }
  return value;
}

const short = (s: string) => (s.length > 160 ? `${s.slice(0, 159)}…` : s);

/** What one change did: the fields that differ from the version before, old → new. */
function ChangeSummary(p: { lang: Lang; change: RecordChange }) {
  const h = historyMessages(p.lang);
  const { current, previous } = p.change;
  if (!current.fields) return <p>{h.sealedChange}</p>;
  const fields = [...current.fields].filter(([k, v]) =>
    previous ? (previous.fields ? previous.fields.get(k) !== v : true) : k === "value" || k === "label",
  );
  return (
    <ul>
      {fields.map(([k, v]) => (
        <li>
          {nameIn(h.fields, k)}:{" "}
          {previous ? (
            <>
              <del>
                <span class="visually-hidden">{h.removedText} </span>
                {previous.fields ? short(fieldValue(p.lang, k, previous.fields.get(k) ?? "")) || h.empty : h.sealedValue}
              </del>{" "}
              <span aria-hidden="true">{p.lang === "fa" ? "←" : "→"}</span>{" "}
            </>
          ) : null}
          <ins>
            <span class="visually-hidden">{h.addedText} </span>
            {short(fieldValue(p.lang, k, v)) || h.empty}
          </ins>
        </li>
      ))}
    </ul>
  );
}

/** Where the comparison of one object's versions lives. */
export function compareHref(lang: Lang, v: VersionView, entityId: string): string {
  return v.objectType === "claim"
    ? `/team/${lang}/claims/${encodeURIComponent(v.objectId)}/compare`
    : `/team/${lang}/entities/${encodeURIComponent(entityId)}/compare`;
}

/** The merged history of a record and its claims, one page of it, newest first. */
export function RecordHistoryTable(p: {
  lang: Lang;
  entityId: string;
  changes: readonly RecordChange[];
  actors: Actors;
  offset: number;
  pageSize: number;
  total: number;
}) {
  const h = historyMessages(p.lang);
  const base = `/team/${p.lang}/entities/${encodeURIComponent(p.entityId)}`;
  return (
    <>
      <p>
        <a href={base}>{h.backToRecord}</a>
      </p>
      <p>{h.recordHistoryHelp}</p>
      {p.changes.length === 0 ? (
        <p>{h.noChanges}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{h.when}</th>
              <th scope="col">{h.who}</th>
              <th scope="col">{h.what}</th>
              <th scope="col">{h.visibility}</th>
              <th scope="col">{h.status}</th>
              <th scope="col">{h.reason}</th>
            </tr>
          </thead>
          <tbody>
            {p.changes.map((ch) => (
              <HistoryRow lang={p.lang} change={ch} actors={p.actors} entityId={p.entityId} />
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={h.page}>
        {p.offset > 0 ? <a href={`${base}/history?offset=${Math.max(0, p.offset - p.pageSize)}`}>{h.previous}</a> : null}{" "}
        {p.offset + p.pageSize < p.total ? <a href={`${base}/history?offset=${p.offset + p.pageSize}`}>{h.next}</a> : null}
      </nav>
    </>
  );
}

function HistoryRow(p: { lang: Lang; change: RecordChange; actors: Actors; entityId: string }) {
  const h = historyMessages(p.lang);
  const { current: v, previous } = p.change;
  const href = compareHref(p.lang, v, p.entityId);
  return (
    <tr class={v.sealed ? "sealed" : ""}>
      <td>{formatWhen(p.lang, v.createdAt)}</td>
      <td>{actorLabel(p.lang, v.author, p.actors)}</td>
      <td>
        <strong>{v.property ?? h.theRecord}</strong> · {h.version} {digits(p.lang, v.version)} · {nameIn(h.actions, v.action)}
        <ChangeSummary lang={p.lang} change={p.change} />
        {previous?.fields && v.fields ? (
          <a href={`${href}?a=${previous.version}&b=${v.version}`}>
            {h.compareWithPrevious}
            <span class="visually-hidden">
              {" "}
              {v.property ?? h.theRecord} {digits(p.lang, v.version)}
            </span>
          </a>
        ) : null}
      </td>
      <td>{fieldValue(p.lang, "visibility", v.visibility)}</td>
      <td>{v.status ? fieldValue(p.lang, "status", v.status) : ""}</td>
      <td>{v.reason ?? ""}</td>
    </tr>
  );
}

/** The choice of two versions to compare: a plain GET form, so it works without JavaScript. */
function ChooseVersions(p: { lang: Lang; action: string; versions: readonly VersionView[]; a: number; b: number; current: number }) {
  const h = historyMessages(p.lang);
  const options = (selected: number) =>
    p.versions
      .filter((v) => v.fields)
      .map((v) => (
        <option value={String(v.version)} selected={v.version === selected}>
          {digits(p.lang, v.version)}
          {v.version === p.current ? ` (${h.current})` : ""} · {formatWhen(p.lang, v.createdAt)}
        </option>
      ));
  return (
    <form method="get" action={p.action}>
      <p>{h.compareHelp}</p>
      <label for="a">{h.versionA}</label>
      <select id="a" name="a">
        {options(p.a)}
      </select>
      <label for="b">{h.versionB}</label>
      <select id="b" name="b">
        {options(p.b)}
      </select>{" "}
      <p>
        <button type="submit">{h.showComparison}</button>
      </p>
    </form>
  );
}

/** One side of a changed long text: the words both share, and its own words marked (not by colour alone). */
function DiffSide(p: { lang: Lang; a: string; b: string; side: "removed" | "added" }) {
  const h = historyMessages(p.lang);
  return (
    <bdi>
      {wordDiff(p.a, p.b).map((part) =>
        part.kind === "same" ? (
          part.text
        ) : part.kind !== p.side ? null : part.kind === "removed" ? (
          <del>
            <span class="visually-hidden">{h.removedText} </span>
            {part.text}
          </del>
        ) : (
          <ins>
            <span class="visually-hidden">{h.addedText} </span>
            {part.text}
          </ins>
        ),
      )}
    </bdi>
  );
}

const WORD_DIFF_FIELDS = new Set(["value", "label", "sources"]);

/** The two versions side by side, field by field, each changed field marked in words. */
function SideBySide(p: { lang: Lang; kind: "claim" | "entity"; a: ReadableVersion; b: ReadableVersion; actors: Actors }) {
  const t = messages(p.lang);
  const h = historyMessages(p.lang);
  const fields: readonly string[] = p.kind === "claim" ? CLAIM_FIELDS : ENTITY_FIELDS;
  const meta: [string, (v: ReadableVersion) => string][] = [
    [h.who, (v) => actorLabel(p.lang, v.author, p.actors)],
    [h.when, (v) => formatWhen(p.lang, v.createdAt)],
    [t.action, (v) => nameIn(h.actions, v.action)],
    [h.reason, (v) => v.reason ?? ""],
  ];
  return (
    <table class="compare">
      <caption>
        {h.versionA} {digits(p.lang, p.a.version)} · {h.versionB} {digits(p.lang, p.b.version)}
      </caption>
      <thead>
        <tr>
          <th scope="col">{h.field}</th>
          <th scope="col">
            {h.versionA}: {digits(p.lang, p.a.version)}
          </th>
          <th scope="col">
            {h.versionB}: {digits(p.lang, p.b.version)}
          </th>
          <th scope="col">{h.change}</th>
        </tr>
      </thead>
      <tbody>
        {meta.map(([label, get]) => (
          <tr>
            <th scope="row">{label}</th>
            <td>{get(p.a)}</td>
            <td>{get(p.b)}</td>
            <td></td>
          </tr>
        ))}
        {fields.map((f) => {
          const va = p.a.fields.get(f) ?? "";
          const vb = p.b.fields.get(f) ?? "";
          const changed = va !== vb;
          const words = changed && WORD_DIFF_FIELDS.has(f) && va !== "" && vb !== "";
          return (
            <tr class={changed ? "changed" : ""} data-field={f}>
              <th scope="row">{nameIn(h.fields, f)}</th>
              <td>{words ? <DiffSide lang={p.lang} a={va} b={vb} side="removed" /> : <bdi>{fieldValue(p.lang, f, va) || h.empty}</bdi>}</td>
              <td>{words ? <DiffSide lang={p.lang} a={va} b={vb} side="added" /> : <bdi>{fieldValue(p.lang, f, vb) || h.empty}</bdi>}</td>
              <td>{changed ? <strong class="badge contested">{h.changed}</strong> : h.same}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What a comparison page shows, and the revert form's state when it is shown again. */
export interface CompareProps {
  lang: Lang;
  csrf: string;
  kind: "claim" | "entity";
  /** The comparison's URL (its revert form posts to `${action}/revert`). */
  action: string;
  recordHref: string;
  versions: readonly VersionView[];
  a: ReadableVersion;
  b: ReadableVersion;
  currentVersion: number;
  actors: Actors;
  canRevert: boolean;
  toVersion?: number;
  reason?: string;
  reasonError?: string;
  conflict?: boolean;
}

/** The side-by-side comparison of two versions, with the form to revert to one of them. */
export function ComparePage(p: CompareProps) {
  const h = historyMessages(p.lang);
  return (
    <>
      {p.conflict ? (
        <Notice kind="error">
          <strong>{h.conflict}</strong> {h.conflictHelp}
        </Notice>
      ) : null}
      <p>
        <a href={p.recordHref}>{h.backToRecord}</a> ·{" "}
        <a href={`${p.recordHref}/history`}>{h.recordHistory}</a>
      </p>
      <ChooseVersions lang={p.lang} action={p.action} versions={p.versions} a={p.a.version} b={p.b.version} current={p.currentVersion} />
      <SideBySide lang={p.lang} kind={p.kind} a={p.a} b={p.b} actors={p.actors} />
      {p.canRevert ? <RevertForm {...p} /> : null}
    </>
  );
}

/** Revert to the older of the two versions (or the other, if chosen), with a reason. */
function RevertForm(p: CompareProps) {
  const h = historyMessages(p.lang);
  const targets = [...new Set([p.a.version, p.b.version])].filter((v) => v < p.currentVersion).sort((x, y) => x - y);
  if (targets.length === 0) return <p>{h.nothingToRevert}</p>;
  const chosen = p.toVersion !== undefined && targets.includes(p.toVersion) ? p.toVersion : targets[0]!;
  return (
    <section aria-labelledby="revert-h">
      <h2 id="revert-h">{h.revertTitle}</h2>
      <p>{p.kind === "claim" ? h.revertHelp : h.revertLabelHelp}</p>
      <form method="post" action={`${p.action}/revert`}>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="version" value={String(p.currentVersion)} />
        <input type="hidden" name="a" value={String(p.a.version)} />
        <input type="hidden" name="b" value={String(p.b.version)} />
        <label for="toVersion">{h.revertTo}</label>
        <select id="toVersion" name="toVersion">
          {targets.map((v) => (
            <option value={String(v)} selected={v === chosen}>
              {digits(p.lang, v)}
            </option>
          ))}
        </select>
        <label for="reason">{h.revertReason}</label>
        {p.reasonError ? (
          <p id="reason-error" class="notice error" role="alert">
            {p.reasonError}
          </p>
        ) : null}
        <textarea id="reason" name="reason" required maxlength={1000} aria-describedby={p.reasonError ? "reason-error" : undefined}>
          {p.reason ?? ""}
        </textarea>
        <p>
          <button type="submit">{p.kind === "claim" ? h.revert : h.revertLabel}</button>
        </p>
      </form>
    </section>
  );
}
