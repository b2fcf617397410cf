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
  applyEntityProposal,
  findEntitiesByLabelText,
  approveEntityRecord,
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
export { listEntityRevisions } from "./entity-history.service.ts";
export { openEntityRow } from "./entity.seal.ts";
export { presentEntity, EntityOutSchema, type EntityOut } from "./entity.presenter.ts";
export { registerEntityRoutes } from "./entity.routes.ts";
export { sealEntityLabel } from "./entity.seal.ts";
export { findEntitiesByIds, insertEntitiesBulk } from "./entity.repository.ts";
export { openEntitySnapshot } from "./entity.seal.ts";
export { checkEntityVersion } from "./entity.commit.ts";
export { entityVersionDigest } from "./entity.commit.ts";
export { needsReview, initialReview, openReview, approveByOperator, type ReviewSubject } from "./review.ts";
export { setReviewState, setListImportReview, lockEntityReview, lockOpenRequest, updateRequest, findRequests, lockOpenClaimRequestsOfEntity } from "./review.repository.ts";
export { revertEntityLabel, EntityLabelRevertSchema, type EntityLabelRevertReq } from "./entity-revert.service.ts";
