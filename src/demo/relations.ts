/**
 * Helpers that add positions, relation entities (occupancy, command, membership) and invented
 * people, each value a claim citing the source it came from.
 */
import { gregorianParts } from "./dates.ts";
import type { Graph } from "./graph.ts";
import { ref, text } from "./graph.ts";
import type { Bi } from "./institutions.ts";
import { latinName, persianName, type InventedPerson } from "./people.ts";
import type { DemoCitation, DemoDate } from "./types.ts";

/** Adds a position (a seat) with its titles, organization and place. */
export function position(g: Graph, id: string, title: Bi, org?: string, place?: string): string {
  const key = g.entity(`position:${id}`, "position", `position-${id}`, title.en);
  g.claim(key, "title", text(title.fa, "fa"));
  g.claim(key, "title", text(title.en, "en"));
  if (org) g.claim(key, "organization", ref(org));
  if (place) g.claim(key, "place", ref(place));
  return key;
}

/** Adds an occupancy: `person` holds `pos` from/to, citing `cite`. */
export function occupy(
  g: Graph,
  person: InventedPerson,
  pos: string,
  from: DemoDate,
  to: DemoDate | undefined,
  cite: DemoCitation,
  role?: string,
): void {
  const key = g.relation("occupancy", `${latinName(person)}: ${g.labelOf(pos)}`);
  const s = { sources: [cite] };
  g.claim(key, "holder", ref(person.key), s);
  g.claim(key, "position", ref(pos), s);
  g.claim(key, "start", { type: "date", value: from }, s);
  if (to) g.claim(key, "end", { type: "date", value: to }, s);
  if (role) g.claim(key, "role", text(role, "en"), s);
}

/** Adds a command relation: `superior` over `subordinate` between two dates. */
export function command(
  g: Graph,
  superior: string,
  subordinate: string,
  from: DemoDate,
  to: DemoDate,
  cite: DemoCitation,
): void {
  const key = g.relation("command", `${g.labelOf(superior)} over ${g.labelOf(subordinate)}`);
  const s = { sources: [cite] };
  g.claim(key, "superior", ref(superior), s);
  g.claim(key, "subordinate", ref(subordinate), s);
  g.claim(key, "start", { type: "date", value: from }, s);
  g.claim(key, "end", { type: "date", value: to }, s);
}

/** Adds a membership relation (person in organization) citing `cite`. */
export function member(
  g: Graph,
  person: string,
  org: string,
  from: DemoDate,
  cite: DemoCitation,
  to?: DemoDate,
): void {
  const key = g.relation("membership", `${g.labelOf(person)} in ${g.labelOf(org)}`);
  const s = { sources: [cite] };
  g.claim(key, "member", ref(person), s);
  g.claim(key, "organization", ref(org), s);
  g.claim(key, "start", { type: "date", value: from }, s);
  if (to) g.claim(key, "end", { type: "date", value: to }, s);
}

/** Adds an invented person's entity and name claims, citing `cite`. */
export function addPersonEntity(
  g: Graph,
  p: InventedPerson,
  slugPrefix: string,
  cite: DemoCitation[],
  visibility: "public" | "team" | "confidential" = "public",
): void {
  const label = latinName(p);
  g.entity(
    p.key,
    "person",
    `${slugPrefix}-${label.toLowerCase().replace(/[^a-z]+/g, "-")}-${p.key.slice(-2)}`,
    label,
    visibility,
  );
  const s = { sources: cite, visibility };
  g.claim(p.key, "name", { type: "name", value: persianName(p), script: "Arab", kind: "full" }, s);
  g.claim(p.key, "name", { type: "name", value: label, script: "Latn", kind: "full" }, s);
  g.claim(p.key, "name", { type: "name", value: p.given.fa, script: "Arab", kind: "given" }, s);
  g.claim(p.key, "name", { type: "name", value: p.family.fa, script: "Arab", kind: "family" }, s);
  g.claim(p.key, "gender", text(p.gender), s);
  g.claim(
    p.key,
    "birth_date",
    { type: "date", value: gregorianParts(p.born) },
    { ...s, confidence: "low", confidenceRule: "approximate-year" },
  );
}
