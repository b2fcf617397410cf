/**
 * Featured victims: a few documented victims who become person entities (for memorial pages,
 * events and detentions). Every value they carry is a claim citing the list row it came from,
 * so a featured person looks exactly like what linkage would build from the lists.
 */
import type { Graph } from "./graph.ts";
import { ref, text } from "./graph.ts";
import type { BuiltLists } from "./lists.ts";
import { placeById } from "./places.ts";
import type { Rng } from "./rng.ts";
import type { DemoClaim, DemoListId } from "./types.ts";
import type { Victim } from "./victims.ts";

/** How many documented victims become person entities in the demo. */
export const FEATURED_VICTIMS = 160;

/** Parses the 1-based number at the end of a record id such as `fa1-00042`. */
function recordIndex(recordId: string): number {
  return Number(recordId.slice(recordId.lastIndexOf("-") + 1)) - 1;
}

/** Adds the featured victims and returns them (in a stable order). */
export function addFeaturedVictims(g: Graph, rng: Rng, built: BuiltLists): Victim[] {
  const documented = built.truth.map((t, i) => ({ t, i })).filter(({ t }) => t.records.length > 0);
  const chosen = rng
    .shuffle(documented)
    .slice(0, FEATURED_VICTIMS)
    .sort((a, b) => a.i - b.i);
  const featured: Victim[] = [];
  for (const { t, i } of chosen) {
    const v = built.victims[i];
    if (!v) continue;
    featured.push(v);
    const label = `${v.given.en} ${v.family.en}`;
    g.entity(
      v.key,
      "person",
      `victim-${label.toLowerCase().replace(/[^a-z]+/g, "-")}-${v.key.slice(-6)}`,
      label,
    );
    const deaths: DemoClaim[] = [];
    for (const r of t.records) {
      const list = built.lists.find((l) => l.id === r.list);
      const idx = recordIndex(r.recordId);
      const row = list?.records[idx];
      const meta = built.meta[r.list as DemoListId][idx];
      if (!list || !row || !meta) continue;
      const s = { sources: [{ source: list.source, locator: { record_id: r.recordId } }] };
      const script = list.script;
      g.claim(v.key, "name", { type: "name", value: row.full_name, script, kind: "full" }, s);
      if (row.father_name) {
        g.claim(v.key, "father_name", { type: "name", value: row.father_name, script, kind: "father" }, s);
      }
      if (row.gender) g.claim(v.key, "gender", text(v.gender), s);
      if (meta.death) deaths.push(g.claim(v.key, "death_date", { type: "date", value: meta.death }, s));
      if (meta.prison) g.claim(v.key, "prison", ref(`place:${meta.prison}`), s);
      if (row.city) g.claim(v.key, "city", ref(`place:${v.city}`), s);
    }
    markDisagreements(deaths);
  }
  return featured;
}

/** Marks death-date claims whose intervals do not overlap as contested: both stay, attributed. */
export function markDisagreements(claims: DemoClaim[]): void {
  const interval = (c: DemoClaim): [string, string] =>
    c.value.type === "date" ? [c.value.value.earliest, c.value.value.latest] : ["", ""];
  for (const a of claims) {
    for (const b of claims) {
      const [a0, a1] = interval(a);
      const [b0, b1] = interval(b);
      if (a1 < b0 || b1 < a0) {
        a.status = "contested";
        b.status = "contested";
      }
    }
  }
}

/** Adds a detention (person held in the prison until death) for each featured victim. */
export function addDetentions(g: Graph, featured: Victim[], arrests: ReadonlyMap<string, string>): void {
  for (const v of featured) {
    const key = g.relation("detention", `${v.given.en} ${v.family.en} in ${placeById(v.prison).en}`);
    const claims = g.claims.filter((c) => c.subject === v.key && c.property === "prison");
    const first = claims[0];
    const s = first
      ? { sources: first.sources }
      : { sources: [], confidence: "low" as const, confidenceRule: "editorial-inference" };
    g.claim(key, "detainee", ref(v.key), s);
    g.claim(key, "place", ref(`place:${v.prison}`), s);
    const arrest = arrests.get(v.key);
    if (arrest) g.claim(key, "from_event", ref(arrest), s);
    const death = g.claims.find((c) => c.subject === v.key && c.property === "death_date");
    if (death && death.value.type === "date") g.claim(key, "end", death.value, { sources: death.sources });
  }
}
