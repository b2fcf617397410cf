import type { Claim } from "../claims/index.ts";
import { formatDate } from "../dates/index.ts";
import type { Entity } from "../entities/index.ts";
import { messages } from "./i18n.ts";
import { reviewText } from "./review.i18n.ts";
import { type Lang } from "../i18n/index.ts";

/** Labels of the entities a page refers to (sources, referenced entities), by id. */
export type Labels = ReadonlyMap<string, Pick<Entity, "id" | "label" | "type">>;

/** A claim's value for people: dates in both calendars, entity references as links. */
export function ClaimValueView(p: { lang: Lang; claim: Claim; labels: Labels }) {
  const v = p.claim.value;
  if (v.type === "date") return <span>{formatDate(v.date, { lang: p.lang, calendar: "both" })}</span>;
  if (v.type === "entity") {
    const e = p.labels.get(v.id);
    return <a href={`/team/${p.lang}/entities/${encodeURIComponent(v.id)}`}>{e ? e.label : v.id}</a>;
  }
  if (v.type === "url") return <span class="mono">{v.url}</span>;
  return <span lang={"lang" in v && v.lang ? v.lang : undefined}>{p.claim.valueText}</span>;
}

/** Visibility, confidence and status as labelled badges. */
export function Badges(p: { lang: Lang; claim: Claim }) {
  const t = messages(p.lang);
  return (
    <span>
      <span class={`badge ${p.claim.visibility}`}>
        {t.visibility}: {t[p.claim.visibility]}
      </span>
      <span class="badge">
        {t.confidence}: {t[p.claim.confidence]}
      </span>
      {p.claim.status === "contested" ? <span class="badge contested">{t.contested}</span> : null}
      {p.claim.status === "retracted" ? <span class="badge">{t.retracted}</span> : null}
      {p.claim.preferred ? <span class="badge">{t.preferred}</span> : null}
      {p.claim.review !== "approved" ? <span class={`badge review-${p.claim.review}`}>{reviewText(p.lang)[p.claim.review === "pending" ? "pendingBadge" : "rejectedBadge"]}</span> : null}
    </span>
  );
}

/** The sources a claim cites, each with its locator. */
export function Sources(p: { lang: Lang; claim: Claim; labels: Labels }) {
  const t = messages(p.lang);
  if (p.claim.sources.length === 0) return <p class="meta">{t.noSources}</p>;
  return (
    <ul class="meta">
      {p.claim.sources.map((s) => {
        const e = p.labels.get(s.sourceId);
        const { archiveItemId, ...rest } = s.locator ?? {};
        const loc = Object.entries(rest)
          .map(([k, v]) => `${k}: ${v}`)
          .join(", ");
        return (
          <li>
            {t.source}: <a href={`/team/${p.lang}/entities/${encodeURIComponent(s.sourceId)}`}>{e ? e.label : s.sourceId}</a>
            {loc ? ` (${loc})` : ""}
            {archiveItemId !== undefined ? (
              <>
                {" · "}
                <a href={`/team/${p.lang}/evidence/${encodeURIComponent(String(archiveItemId))}`}>{t.viewEvidence}</a>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** One claim card with its actions. */
export function ClaimCard(p: { lang: Lang; claim: Claim; labels: Labels; canEdit: boolean }) {
  const t = messages(p.lang);
  const c = p.claim;
  return (
    <div class={`claim ${c.status}`} id={`claim-${c.id}`}>
      <p class="value">
        <ClaimValueView lang={p.lang} claim={c} labels={p.labels} />
      </p>
      <Badges lang={p.lang} claim={c} />
      <Sources lang={p.lang} claim={c} labels={p.labels} />
      <p class="meta">
        {p.canEdit ? (
          <>
            <a href={`/team/${p.lang}/claims/${encodeURIComponent(c.id)}/edit`}>
              {t.edit}
              <span class="skip"> {c.property}</span>
            </a>{" "}
            ·{" "}
          </>
        ) : null}
        <a href={`/team/${p.lang}/claims/${encodeURIComponent(c.id)}/history`}>
          {t.history}
          <span class="skip"> {c.property}</span>
        </a>
      </p>
    </div>
  );
}
