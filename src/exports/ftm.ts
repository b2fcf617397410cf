import type { PublicClaimRow, PublicEntityRow } from "../db/index.ts";

/** A FollowTheMoney-style entity: id, schema, and multi-valued string properties. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  fictional?: true;
}

// Sabt entity types → FtM schemata. Detention and participation have no FtM schema of their own:
// they are exported as Events whose involved parties are their entity-valued properties.
const SCHEMA: Record<string, string> = {
  person: "Person",
  organization: "Organization",
  place: "Address",
  event: "Event",
  position: "Position",
  source: "Document",
  list: "Document",
  article: "Article",
  tag: "Thing",
  detention: "Event",
  membership: "Membership",
  occupancy: "Occupancy",
  command: "Directorship",
  participation: "Event",
  legal_case: "CourtCase",
};

// Sabt properties → FtM property names; anything else goes to `notes` as "property: value". A
// Map: property names are chosen by editors, and a plain object would map "constructor" to a
// function (issue 13).
const PROPS: ReadonlyMap<string, string> = new Map(Object.entries({
  name: "name",
  father_name: "fatherName",
  gender: "gender",
  birth_date: "birthDate",
  death_date: "deathDate",
  death_place: "deathPlace",
  city: "address",
  note: "notes",
  description: "description",
  date: "date",
  start_date: "startDate",
  end_date: "endDate",
  holder: "holder",
  post: "post",
  person: "involved",
  place: "location",
  member: "member",
  organization: "organization",
  url: "sourceUrl",
  title: "title",
}));

/**
 * Maps one public entity and its public claims to a FollowTheMoney-style entity. Dates are the
 * normalized ISO form at their precision; entity-valued claims become references by id.
 */
export function toFtm(entity: PublicEntityRow, claims: readonly PublicClaimRow[], dataset: string): FtmEntity {
  const properties: Record<string, string[]> = {};
  const add = (k: string, v: string) => {
    const list = (properties[k] ??= []);
    if (!list.includes(v)) list.push(v);
  };
  if (SCHEMA[entity.type] !== "Occupancy" && SCHEMA[entity.type] !== "Membership") add(entity.type === "article" ? "title" : "name", entity.label);
  for (const c of claims) {
    const value = ftmValue(c);
    const key = PROPS.get(c.property);
    if (key) add(key, value);
    else add("notes", `${c.property}: ${value}`);
  }
  return {
    id: `sabt-${entity.id}`,
    schema: SCHEMA[entity.type] ?? "Thing",
    properties,
    datasets: [dataset],
    ...(entity.is_fictional ? { fictional: true as const } : {}),
  };
}

function ftmValue(c: PublicClaimRow): string {
  const v = c.value as Record<string, unknown>;
  if (c.value_type === "entity" && typeof v.id === "string") return `sabt-${v.id}`;
  if (c.value_type === "date") {
    const d = v.date as { precision?: string; earliest?: string } | undefined;
    if (d?.earliest) return d.precision === "year" ? d.earliest.slice(0, 4) : d.precision === "month" ? d.earliest.slice(0, 7) : d.earliest;
  }
  return c.value_text;
}
