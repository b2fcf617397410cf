import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";
import type { ReviewState } from "./review.table.ts";

/** The `entity` table: one row per person, organization, place, event, position, source, list or relation. */
export interface EntityTable {
  id: string;
  type: string;
  slug: string;
  label: string;
  visibility: string;
  is_fictional: boolean;
  version: number;
  /** Four eyes (migration 0013): only `approved` entities reach the public projection. */
  review: ColumnType<ReviewState, ReviewState | undefined, ReviewState>;
  created_by: string;
  created_at: ColumnType<Date, string | Date | undefined, string | Date>;
  updated_at: ColumnType<Date, string | Date | undefined, string | Date>;
}

/** A slug an entity used to have, kept so that old URLs redirect. */
export interface EntitySlugTable {
  slug: string;
  entity_id: string;
  created_at: ColumnType<Date, string | Date | undefined, never>;
}

export type EntityRow = Selectable<EntityTable>;
export type NewEntityRow = Insertable<EntityTable>;
export type EntityUpdate = Updateable<EntityTable>;
