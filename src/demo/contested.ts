/**
 * Disagreements put in on purpose, so the interface must show coexisting attributed values:
 * two reports with a high and a low toll, a testimony that dates a death differently from the
 * lists, and a report that names a different prison than the lists.
 */
import { addDays, gregorianDate } from "./dates.ts";
import type { Graph } from "./graph.ts";
import { num, ref } from "./graph.ts";
import { MASSACRE_EVENT } from "./events.ts";
import { SOURCES } from "./institutions.ts";
import type { DemoTruthPerson } from "./types.ts";
import type { Victim } from "./victims.ts";

/** The two toll figures the fictional reports give, derived from the true count so they bracket it oddly. */
export function tollFigures(truth: readonly DemoTruthPerson[]): { high: number; low: number } {
  const documented = truth.filter((t) => t.records.length > 0).length;
  // The low report counts only names it could verify (below the documented count); the high one
  // extrapolates generously (well above the truth). Neither equals the truth, on purpose.
  return { low: Math.floor((documented * 0.8) / 10) * 10, high: Math.round((truth.length * 3) / 100) * 100 };
}

/** Adds the contested claims and returns the keys of the victims they concern. */
export function addContested(
  g: Graph,
  featured: readonly Victim[],
  truth: readonly DemoTruthPerson[],
): { deathDate?: string; prison?: string } {
  const { high, low } = tollFigures(truth);
  g.claim(MASSACRE_EVENT, "death_toll", num(high, "people"), {
    sources: [{ source: SOURCES.reportHigh, locator: { page: 7, quote: `at least ${high} were executed` } }],
    status: "contested",
    confidence: "low",
    confidenceRule: "single-source-extrapolation",
  });
  g.claim(MASSACRE_EVENT, "death_toll", num(low, "people"), {
    sources: [{ source: SOURCES.reportLow, locator: { page: 3, quote: `${low} names verified` } }],
    status: "contested",
    confidence: "medium",
    confidenceRule: "verified-names-lower-bound",
  });

  const out: { deathDate?: string; prison?: string } = {};
  // A testimony twelve days later than the lists: a family told the date of the news, not the death.
  const withDeath = featured.find((v) =>
    g.claims.some((c) => c.subject === v.key && c.property === "death_date"),
  );
  if (withDeath) {
    const listClaims = g.claims.filter((c) => c.subject === withDeath.key && c.property === "death_date");
    for (const c of listClaims) c.status = "contested";
    const first = listClaims[0];
    if (first) {
      first.preferred = {
        reason:
          "Recorded by a list from the family's death notice; the testimony dates the day the family was told.",
      };
    }
    g.claim(
      withDeath.key,
      "death_date",
      { type: "date", value: gregorianDate(addDays(withDeath.death, 12), "dmy") },
      {
        sources: [{ source: "source:testimony-01", locator: { minute: 42 } }],
        status: "contested",
        confidence: "low",
      },
    );
    out.deathDate = withDeath.key;
  }
  const inEvin = featured.find((v) =>
    g.claims.some(
      (c) =>
        c.subject === v.key &&
        c.property === "prison" &&
        c.value.type === "ref" &&
        c.value.value === "place:evin",
    ),
  );
  if (inEvin) {
    for (const c of g.claims.filter((c) => c.subject === inEvin.key && c.property === "prison")) {
      c.status = "contested";
    }
    g.claim(inEvin.key, "prison", ref("place:gohardasht"), {
      sources: [{ source: SOURCES.reportCommissions, locator: { page: 88 } }],
      status: "contested",
      confidence: "medium",
    });
    out.prison = inEvin.key;
  }
  return out;
}
