/**
 * The summary at the top of a memorial page: each property once, its values grouped (identical
 * values together, with all their note numbers), how many of the sources agree, and contested
 * values marked. Names appear in every script they were written in.
 */
import type { PublicClaimRow } from "../../db/index.ts";
import { digits, type Lang } from "../../i18n/index.ts";
import { agreementText, ms } from "../i18n/memorial.ts";
import { propertyName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import { isEnumerated } from "../i18n/vocabulary.ts";
import type { AgreedValue, ValueGroup } from "../model/agreement.ts";
import type { Footnotes } from "../model/citations.ts";
import { orderedGroups, type MemorialSummary } from "../model/memorial.ts";
import type { Names } from "../model/names.ts";
import { langOfValue } from "../model/values.ts";
import { ClaimValue } from "./facts.tsx";

/** The note numbers of every claim behind a value, once each, in order. */
function NoteRefs({ lang, notes, value }: { lang: Lang; notes: Footnotes; value: AgreedValue<PublicClaimRow> }) {
  const ns = [...new Set(value.claims.flatMap((c) => notes.of(c.id)))].sort((a, b) => a - b);
  if (ns.length === 0) {
    const editorial = value.claims.every((c) => c.editorial);
    return <small class="meta"> ({t(lang, editorial ? "editorial" : "sourceNotPublic")})</small>;
  }
  return (
    <sup class="fn">
      {ns.map((n, i) => (
        <>
          {i > 0 ? "," : ""}
          <a href={`#fn-${n}`}>{digits(lang, String(n))}</a>
        </>
      ))}
    </sup>
  );
}

/** One value with its agreement count and notes. */
function Value({ lang, value, group, summary, names, notes }: { lang: Lang; value: AgreedValue<PublicClaimRow>; group: ValueGroup<PublicClaimRow>; summary: MemorialSummary; names: Names; notes: Footnotes }) {
  const written = group.script === "any" || isEnumerated(value.shown.property) ? undefined : langOfValue(value.shown.value);
  return (
    <li lang={written && written !== lang ? written : undefined}>
      <ClaimValue lang={lang} claim={value.shown} names={names} />
      {value.preferred ? <span class="tag-contested">{t(lang, "preferred")}</span> : null}
      {group.total > 0 ? (
        <small class="agree" lang={lang}>
          {" "}
          {agreementText(lang, value.sources.length, group.total, summary.lists)}
        </small>
      ) : null}
      <NoteRefs lang={lang} notes={notes} value={value} />
    </li>
  );
}

/** The agreement summary of a person, or nothing when no summarized property has a value. */
export function MemorialSummaryView({ lang, summary, names, notes }: { lang: Lang; summary: MemorialSummary; names: Names; notes: Footnotes }) {
  if (summary.properties.length === 0) return null;
  return (
    <section class="memorial-summary" aria-labelledby="summary-h">
      <h2 id="summary-h">{ms(lang, "summary")}</h2>
      <dl class="facts agreement">
        {summary.properties.map((p) => (
          <>
            <dt>
              {propertyName(lang, p.property)}
              {p.contested ? (
                <>
                  {" "}
                  <span class="tag-contested">{ms(lang, "sourcesDiffer")}</span>
                </>
              ) : null}
            </dt>
            <dd>
              <ul class="values">
                {orderedGroups(lang, p).flatMap((g) => g.values.map((v) => <Value lang={lang} value={v} group={g} summary={summary} names={names} notes={notes} />))}
              </ul>
            </dd>
          </>
        ))}
      </dl>
      <p class="meta">{ms(lang, "summaryNote")}</p>
    </section>
  );
}
