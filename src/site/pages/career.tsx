/**
 * An official's career, derived from occupancy, membership, command and legal-case relations:
 * positions held in date order, "last seen as" (the most recent position), and the cases.
 */
import type { PublicClaimRow } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";
import { propertyName } from "../i18n/properties.ts";
import { t } from "../i18n/strings.ts";
import type { Footnotes } from "../model/citations.ts";
import type { Incoming, RelationRow } from "../model/incoming.ts";
import type { Names } from "../model/names.ts";
import { dateOf, first } from "../model/values.ts";
import { EntityLink } from "./components.tsx";
import { SourcedValue } from "./facts.tsx";

/** A position held, with its dates. */
export interface Tenure {
  row: RelationRow;
  position: PublicClaimRow | undefined;
  start: PublicClaimRow | undefined;
  end: PublicClaimRow | undefined;
  sortKey: string;
}

/** The person's positions held, oldest first. */
export function tenures(inc: Incoming): Tenure[] {
  return (inc.relations.get("occupancy") ?? [])
    .filter((r) => r.via === "holder")
    .map((row) => {
      const start = first(row.claims, "start");
      const end = first(row.claims, "end");
      return { row, position: first(row.claims, "position"), start, end, sortKey: dateOf(start)?.earliest ?? dateOf(end)?.earliest ?? "9999" };
    })
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey));
}

/** "Last seen as": the position with the latest known start (or end) date. */
export function lastSeenAs(ts: readonly Tenure[]): Tenure | undefined {
  const dated = ts.filter((x) => x.sortKey !== "9999");
  return dated.length > 0 ? dated[dated.length - 1] : ts[ts.length - 1];
}

/** The career section of a person page, or nothing for someone who held no position. */
export function Career({ lang, inc, names, notes }: { lang: Lang; inc: Incoming; names: Names; notes: Footnotes }) {
  const ts = tenures(inc);
  if (ts.length === 0) return null;
  const last = lastSeenAs(ts);
  return (
    <section aria-labelledby="career-h">
      <h2 id="career-h">{t(lang, "career")}</h2>
      {last?.position?.ref_id ? (
        <p>
          <strong>{t(lang, "lastSeenAs")}:</strong> <EntityLink id={last.position.ref_id} lang={lang} names={names} />
          {last.end ? (
            <>
              {" "}
              ({t(lang, "to")} <SourcedValue lang={lang} claim={last.end} names={names} notes={notes} />)
            </>
          ) : null}
        </p>
      ) : null}
      <h3>{t(lang, "positionsHeld")}</h3>
      <ol class="timeline">
        {ts.map((x) => (
          <li>
            {x.position ? <SourcedValue lang={lang} claim={x.position} names={names} notes={notes} /> : t(lang, "unknown")}
            <br />
            <small class="meta">
              {x.start ? (
                <>
                  {propertyName(lang, "start")} <SourcedValue lang={lang} claim={x.start} names={names} notes={notes} />{" "}
                </>
              ) : null}
              {x.end ? (
                <>
                  {propertyName(lang, "end")} <SourcedValue lang={lang} claim={x.end} names={names} notes={notes} />
                </>
              ) : null}
            </small>
          </li>
        ))}
      </ol>
    </section>
  );
}
