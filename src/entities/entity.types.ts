import type { ReviewState } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import type { EntityType } from "./entity.schema.ts";

/** An entity as services and presenters see it. */
export interface Entity {
  readonly id: string;
  readonly type: EntityType;
  readonly slug: string;
  readonly label: string;
  readonly visibility: Visibility;
  readonly isFictional: boolean;
  readonly version: number;
  /** Four eyes: only an approved entity can be public. */
  readonly review: ReviewState;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
