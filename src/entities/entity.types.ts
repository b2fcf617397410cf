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
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
