/**
 * The review queue's page: what waits for a second member, each with its author, the change as a
 * difference, its sources, and the forms to assign, approve or reject.
 */
import type { ReviewItem } from "../claims/index.ts";
import type { Lang } from "../i18n/index.ts";
import { ClaimValueView, Sources, type Labels } from "./claim.view.tsx";
import { formatWhen } from "./i18n.ts";
import { Notice } from "./layout.tsx";
import { reviewText } from "./review.i18n.ts";
import { submissionsText } from "./submissions.i18n.ts";
import { unparsedText } from "./unparsed.i18n.ts";

/** Everything the queue page shows. */
export interface ReviewPageProps {
  lang: Lang;
  csrf: string;
  state: "pending" | "approved" | "rejected";
  items: readonly ReviewItem[];
  labels: Labels;
  reviewers: readonly { id: string; name: string }[];
  me: string;
  canDecide: boolean;
  notice?: { kind: "ok" | "error"; text: string; item?: string } | undefined;
}

// The fields a proposal may change, in the order a reviewer reads them.
const FIELDS = ["label", "slug", "value", "sources", "visibility", "status", "confidence", "editorial", "reason"] as const;

function show(v: unknown): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

/** The proposed change beside the record as it is now, field by field (changed fields marked in words, not colour only). */
function Difference(p: { lang: Lang; item: ReviewItem }) {
  const t = reviewText(p.lang);
  const change = (p.item.proposal ?? {}) as { op?: string; edit?: Record<string, unknown>; revert?: { toVersion: number } } & Record<string, unknown>;
  if (change.op === "revert") return <p>{`${t.revertTo} ${change.revert?.toVersion ?? "?"}`}</p>;
  if (change.op === "prefer") return <p>{`${t.preferThis}: ${(change as { prefer?: { reason?: string } }).prefer?.reason ?? ""}`}</p>;
  if (change.op === "import") {
    return (
      <p>
        {t.importChange} <a href={`/team/${p.lang}/import`}>{p.item.entity.label}</a>
      </p>
    );
  }
  const proposed = change.op === "edit" ? (change.edit ?? {}) : change;
  const c = p.item.claim;
  const now: Record<string, unknown> = c
    ? { value: c.valueText, sources: c.sources, visibility: c.visibility, status: c.status, confidence: c.confidence, editorial: c.editorial }
    : { label: p.item.entity.label, slug: p.item.entity.slug, visibility: p.item.entity.visibility };
  const rows = FIELDS.filter((f) => proposed[f] !== undefined);
  return (
    <table>
      <caption>{t.proposedChange}</caption>
      <thead>
        <tr>
          <th scope="col">{t.field}</th>
          <th scope="col">{t.current}</th>
          <th scope="col">{t.proposed}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => {
          const next = f === "value" ? show((proposed.value as { text?: string } | undefined)?.text ?? proposed.value) : show(proposed[f]);
          const changed = f !== "reason" && next !== show(now[f]);
          return (
            <tr class={changed ? "changed" : undefined}>
              <th scope="row">{changed ? `${f} ✱` : f}</th>
              <td>
                {f === "reason" ? "" : changed ? <del>{show(now[f])}</del> : show(now[f])}
              </td>
              <td>{changed ? <ins>{next}</ins> : next}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function DecideForms(p: { lang: Lang; csrf: string; item: ReviewItem; reviewers: ReviewPageProps["reviewers"]; error?: string | undefined }) {
  const t = reviewText(p.lang);
  const action = `/team/${p.lang}/review/${p.item.kind}/${encodeURIComponent(p.item.kind === "claim" ? p.item.objectId : p.item.entityId)}`;
  const reasonId = `reason-${p.item.id}`;
  return (
    <div class="review-actions">
      <form method="post" action={`${action}/assign`}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <label for={`assign-${p.item.id}`}>{t.assignedTo}</label>{" "}
        <select id={`assign-${p.item.id}`} name="userId">
          <option value="">{t.nobody}</option>
          {p.reviewers.map((r) => (
            <option value={r.id} selected={p.item.assignedTo?.actor === `user:${r.id}`}>
              {r.name}
            </option>
          ))}
        </select>{" "}
        <button type="submit">{t.assign}</button>
      </form>
      <form method="post" action={action}>
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="version" value={String(p.item.baseVersion)} />
        <label for={reasonId}>{t.reason}</label>
        <textarea id={reasonId} name="reason" rows={2} aria-describedby={`${reasonId}-help${p.error ? ` ${reasonId}-error` : ""}`} aria-invalid={p.error ? "true" : undefined}></textarea>
        <span id={`${reasonId}-help`} class="meta">
          {t.reasonHelp}
        </span>
        {p.error ? (
          <span id={`${reasonId}-error`} class="field-error">
            {p.error}
          </span>
        ) : null}
        <p>
          <button type="submit" name="decision" value="approve">
            {t.approve}
          </button>{" "}
          <button type="submit" name="decision" value="reject">
            {t.reject}
          </button>
        </p>
      </form>
    </div>
  );
}

function Item(p: ReviewPageProps & { item: ReviewItem }) {
  const t = reviewText(p.lang);
  const { item } = p;
  const mine = item.authors.some((a) => a.actor === p.me);
  const error = p.notice?.kind === "error" && p.notice.item === item.id ? p.notice.text : undefined;
  return (
    <li class="review-item" id={`review-${item.id}`}>
      <h2>
        {t[`kind_${item.kind}`]}:{" "}
        <a href={`/team/${p.lang}/entities/${encodeURIComponent(item.entityId)}`}>{item.entity.label}</a>
        {item.claim ? ` · ${item.claim.property}` : ""}
      </h2>
      <p class="meta">
        {t.by} {item.authors.map((a) => a.name).join("، ")} · {formatWhen(p.lang, item.createdAt)}
        {item.assignedTo ? ` · ${t.assignedTo} ${item.assignedTo.name}` : ""}
        {item.decidedBy ? ` · ${t.decidedBy} ${item.decidedBy.name}` : ""}
      </p>
      {item.reason ? (
        <p>
          {t.reason}: {item.reason}
        </p>
      ) : null}
      {item.proposal === null ? (
        <>
          <p>{t.newRecord}</p>
          {item.claim ? (
            <p class="value">
              <ClaimValueView lang={p.lang} claim={item.claim} labels={p.labels} />
            </p>
          ) : null}
        </>
      ) : (
        <Difference lang={p.lang} item={item} />
      )}
      {item.claim ? <Sources lang={p.lang} claim={item.claim} labels={p.labels} /> : null}
      {p.state === "pending" && p.canDecide ? (
        mine ? <p class="meta">{t.yourOwn}</p> : <DecideForms lang={p.lang} csrf={p.csrf} item={item} reviewers={p.reviewers} error={error} />
      ) : null}
    </li>
  );
}

/** The review queue page. */
export function ReviewPage(p: ReviewPageProps) {
  const t = reviewText(p.lang);
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <p>
        <a href={`/team/${p.lang}/submissions`}>{submissionsText(p.lang).link}</a>
        {" · "}
        <a href={`/team/${p.lang}/unparsed`}>{unparsedText(p.lang).queueLink}</a>
      </p>
      <nav aria-label={t.review}>
        <ul class="tabs">
          {(["pending", "approved", "rejected"] as const).map((s) => (
            <li>
              <a href={`/team/${p.lang}/review?state=${s}`} aria-current={s === p.state ? "page" : undefined}>
                {t[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.notice && !p.notice.item ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      {p.items.length === 0 ? <p>{t.empty}</p> : <ol class="review-list">{p.items.map((item) => <Item {...p} item={item} />)}</ol>}
    </>
  );
}
