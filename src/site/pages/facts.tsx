/**
 * Claims on public pages: each value with its note numbers, contested values side by side, and
 * the relations that point at an entity, each part linked and sourced.
 */
import type { PublicClaimRow } from "../../db/index.ts";
import { bothCalendars, num, type Lang } from "../../i18n/index.ts";
import { propertyName, typeName } from "../i18n/properties.ts";
import { enumLabel, isEnumerated, unitLabel } from "../i18n/vocabulary.ts";
import { t } from "../i18n/strings.ts";
import type { Footnotes } from "../model/citations.ts";
import type { Incoming } from "../model/incoming.ts";
import type { Names } from "../model/names.ts";
import { dateOf, langOfValue } from "../model/values.ts";
import { Cites, EntityLink } from "./components.tsx";

/** One claim's value for display. */
export function ClaimValue({ lang, claim, names }: { lang: Lang; claim: PublicClaimRow; names: Names }) {
  const v = claim.value;
  switch (v.type) {
    case "date": {
      const d = dateOf(claim);
      return d ? <time datetime={d.earliest}>{bothCalendars(lang, d)}</time> : <>{claim.value_text}</>;
    }
    case "number":
      return <>{typeof v.amount === "number" ? `${num(lang, v.amount)}${typeof v.unit === "string" ? ` ${unitLabel(lang, v.unit)}` : ""}` : claim.value_text}</>;
    case "entity":
      return claim.ref_id ? <EntityLink id={claim.ref_id} lang={lang} names={names} /> : null;
    case "boolean":
      return <>{v.value === true ? (lang === "fa" ? "بله" : "yes") : lang === "fa" ? "خیر" : "no"}</>;
    case "url":
      return typeof v.url === "string" && /^https?:\/\//.test(v.url) ? (
        <a class="cite-url" href={v.url} rel="nofollow noopener noreferrer">
          {v.url}
        </a>
      ) : (
        <>{claim.value_text}</>
      );
    default: {
      // Codes of a closed vocabulary (gender, role, kinds) are translated; free text is shown as
      // written, marked with its language when that is not the page's.
      if (isEnumerated(claim.property)) return <>{enumLabel(lang, claim.property, claim.value_text)}</>;
      const written = langOfValue(v);
      return <bdi lang={written && written !== lang ? written : undefined}>{claim.value_text}</bdi>;
    }
  }
}

/** A claim with its status marks and note numbers. */
export function SourcedValue({ lang, claim, names, notes }: { lang: Lang; claim: PublicClaimRow; names: Names; notes: Footnotes }) {
  return (
    <>
      <ClaimValue lang={lang} claim={claim} names={names} />
      {claim.status === "contested" ? <span class="tag-contested">{t(lang, "contested")}</span> : null}
      {claim.preferred ? <span class="tag-contested">{t(lang, "preferred")}</span> : null}
      <Cites lang={lang} notes={notes} claim={claim} />
    </>
  );
}

/** A definition list of claims by property; several values of one property are listed together. */
export function FactList({ lang, claims, names, notes }: { lang: Lang; claims: readonly PublicClaimRow[]; names: Names; notes: Footnotes }) {
  const byProp = new Map<string, PublicClaimRow[]>();
  for (const c of claims) byProp.set(c.property, [...(byProp.get(c.property) ?? []), c]);
  if (byProp.size === 0) return null;
  return (
    <dl class="facts">
      {[...byProp].map(([prop, cs]) => (
        <>
          <dt>{propertyName(lang, prop)}</dt>
          <dd>
            {cs.map((c, i) => (
              <>
                {i > 0 ? <br /> : null}
                <SourcedValue lang={lang} claim={c} names={names} notes={notes} />
              </>
            ))}
          </dd>
        </>
      ))}
    </dl>
  );
}

/** The relations and direct references pointing at an entity, one section per kind. */
export function IncomingSections({ lang, inc, names, notes }: { lang: Lang; inc: Incoming; names: Names; notes: Footnotes }) {
  return (
    <>
      {[...inc.relations].map(([type, rows]) => (
        <section aria-labelledby={`in-${type}`}>
          <h2 id={`in-${type}`}>{typeName(lang, type)}</h2>
          <ul>
            {rows.map((r) => (
              <li>
                {r.claims
                  .filter((c) => c.property !== r.via)
                  .map((c, i) => (
                    <>
                      {i > 0 ? "; " : ""}
                      {propertyName(lang, c.property)}: <SourcedValue lang={lang} claim={c} names={names} notes={notes} />
                    </>
                  ))}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {[...inc.direct].map(([key, rows]) => {
        const [type = "", prop = ""] = key.split(".");
        return (
          <section aria-labelledby={`ref-${type}-${prop}`}>
            <h2 id={`ref-${type}-${prop}`}>
              {typeName(lang, type)} ({propertyName(lang, prop)})
            </h2>
            <ul>
              {rows.map((r) => (
                <li>
                  <EntityLink id={r.subject.id} lang={lang} names={names} />
                  <Cites lang={lang} notes={notes} claim={r.claim} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
