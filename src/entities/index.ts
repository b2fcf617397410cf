export {
  createEntity,
  createEntities,
  getEntity,
  listEntities,
  editEntity,
  resolveOldSlug,
  rowToEntity,
  allocateSlugs,
  publicEntityIds,
} from "./entity.service.ts";
export {
  EntityTypeSchema,
  EntityCreateSchema,
  EntityEditSchema,
  EntityListQuerySchema,
  RELATION_TYPES,
  type EntityType,
  type EntityCreateReq,
  type EntityEditReq,
} from "./entity.schema.ts";
export type { Entity } from "./entity.types.ts";
export { presentEntity } from "./entity.presenter.ts";
export { registerEntityRoutes } from "./entity.routes.ts";
