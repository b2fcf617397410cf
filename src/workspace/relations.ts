/**
 * The parts each relation type asks for when it is created from the workspace. The property names
 * are the ones the demo collection writes and the public site reads (`site/model/incoming.ts`,
 * `site/pages/career.tsx`, `site/i18n/properties.ts`), so a relation made in a browser shows on the
 * public pages exactly as a loaded one does.
 */
import type { EntityType } from "../entities/index.ts";

/** One part of a relation: a reference to another record, a date, or a short text. */
export type PartSpec =
  | { readonly property: PartName; readonly kind: "ref"; readonly types: readonly EntityType[]; readonly required: boolean }
  | { readonly property: PartName; readonly kind: "date"; readonly required: boolean }
  | { readonly property: PartName; readonly kind: "text"; readonly required: boolean };

/** The names of relation parts (each has a label in `authoring.i18n.ts`). */
export type PartName =
  | "holder"
  | "position"
  | "start"
  | "end"
  | "role"
  | "superior"
  | "subordinate"
  | "detainee"
  | "place"
  | "member"
  | "organization"
  | "participant"
  | "event"
  | "accused"
  | "complainant"
  | "court"
  | "jurisdiction"
  | "charge"
  | "outcome"
  | "filed"
  | "judgment";

const ref = (property: PartName, types: readonly EntityType[], required = true): PartSpec => ({ property, kind: "ref", types, required });
const date = (property: PartName): PartSpec => ({ property, kind: "date", required: false });
const text = (property: PartName): PartSpec => ({ property, kind: "text", required: false });

/** The parts of every relation type, in the order the form asks for them. */
export const RELATION_PARTS: ReadonlyMap<EntityType, readonly PartSpec[]> = new Map<EntityType, readonly PartSpec[]>([
  ["occupancy", [ref("holder", ["person"]), ref("position", ["position"]), date("start"), date("end"), text("role")]],
  ["command", [ref("superior", ["person", "organization", "position"]), ref("subordinate", ["organization", "person", "position"]), date("start"), date("end")]],
  ["detention", [ref("detainee", ["person"]), ref("place", ["place"]), date("start"), date("end")]],
  ["membership", [ref("member", ["person", "organization"]), ref("organization", ["organization"]), date("start"), date("end")]],
  ["participation", [ref("participant", ["person", "organization"]), ref("event", ["event"]), text("role")]],
  [
    "legal_case",
    [
      ref("accused", ["person", "organization"]),
      ref("complainant", ["person", "organization"], false),
      ref("court", ["organization"], false),
      text("jurisdiction"),
      text("charge"),
      text("outcome"),
      date("filed"),
      date("judgment"),
    ],
  ],
]);

/** Relations whose label is their title and must be typed (the others are named after their parts). */
export const TITLED_RELATIONS: ReadonlySet<EntityType> = new Set<EntityType>(["legal_case"]);

/**
 * The property that carries a new non-relation record's label as its name, as the demo collection
 * and the public site name them: people and places by `name`, sources and writings by `title`.
 */
export function labelProperty(type: EntityType): { property: string; asName: boolean } | undefined {
  switch (type) {
    case "person":
      return { property: "name", asName: true };
    case "organization":
    case "place":
      return { property: "name", asName: false };
    case "event":
    case "position":
    case "source":
    case "list":
    case "article":
      return { property: "title", asName: false };
    case "tag":
      return { property: "label", asName: false };
    case "detention":
    case "membership":
    case "occupancy":
    case "command":
    case "participation":
    case "legal_case":
      // Relations are named by their parts.
      return undefined;
  }
}
