/**
 * What points at an entity: relation entities (detention, occupancy, participation…) that have it
 * as one of their parts, and other entities that refer to it directly (a person's prison, an
 * event's place). Loaded in three batched queries over the public projection.
 */
import type { PublicClaimRow, PublicEntityRow } from "../../db/index.ts";
import type { SiteReader } from "../site.reader.ts";
import { groupByEntity } from "./values.ts";

/** The relation entity types: n-ary, dated relations whose parts are entity-valued claims. */
export const RELATION_TYPES: ReadonlySet<string> = new Set(["detention", "membership", "occupancy", "command", "participation", "legal_case"]);

/** A relation that has the entity as a part, with all its public claims. */
export interface RelationRow {
  relation: PublicEntityRow;
  /** The property through which it points at the entity (e.g. `detainee`). */
  via: string;
  claims: PublicClaimRow[];
}

/** An ordinary entity that refers to this one (e.g. a person whose `prison` is this place). */
export interface DirectRef {
  subject: PublicEntityRow;
  claim: PublicClaimRow;
}

/** Everything that points at an entity, grouped. */
export interface Incoming {
  /** Relations by type, in stored order. */
  relations: Map<string, RelationRow[]>;
  /** Direct references by `<subject type>.<property>`. */
  direct: Map<string, DirectRef[]>;
}

/** Loads what points at `id` (at most `limit` referencing claims). */
export async function loadIncoming(reader: SiteReader, id: string, limit = 2000): Promise<Incoming> {
  const refs = (await reader.claimsReferencing([id])).slice(0, limit);
  const subjects = await reader.entitiesByIds(refs.map((c) => c.entity_id));
  const relationIds = [...subjects.values()].filter((e) => RELATION_TYPES.has(e.type)).map((e) => e.id);
  const parts = groupByEntity(await reader.claimsOf(relationIds));
  const relations = new Map<string, RelationRow[]>();
  const direct = new Map<string, DirectRef[]>();
  const seen = new Set<string>();
  for (const c of refs) {
    const subject = subjects.get(c.entity_id);
    if (!subject) continue;
    if (RELATION_TYPES.has(subject.type)) {
      if (seen.has(subject.id)) continue;
      seen.add(subject.id);
      const list = relations.get(subject.type) ?? [];
      list.push({ relation: subject, via: c.property, claims: parts.get(subject.id) ?? [] });
      relations.set(subject.type, list);
    } else {
      const key = `${subject.type}.${c.property}`;
      const list = direct.get(key) ?? [];
      list.push({ subject, claim: c });
      direct.set(key, list);
    }
  }
  return { relations, direct };
}

/** Every entity id a set of incoming references mentions (to load their names at once). */
export function incomingIds(inc: Incoming): string[] {
  const ids: string[] = [];
  for (const rows of inc.relations.values()) {
    for (const r of rows) for (const c of r.claims) if (c.ref_id) ids.push(c.ref_id);
  }
  for (const rows of inc.direct.values()) for (const r of rows) ids.push(r.subject.id);
  return ids;
}

/** Every claim shown for incoming references (to number their sources). */
export function incomingClaims(inc: Incoming): PublicClaimRow[] {
  const out: PublicClaimRow[] = [];
  for (const rows of inc.relations.values()) for (const r of rows) out.push(...r.claims);
  for (const rows of inc.direct.values()) for (const r of rows) out.push(r.claim);
  return out;
}
