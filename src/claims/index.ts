export {
  createClaim,
  createClaims,
  getClaim,
  readableClaims,
  listClaims,
  listClaimRevisions,
  editClaim,
  revertClaim,
  preferClaim,
  findClaimsInInterval,
  listClaimsReferencing,
  rowToClaim,
  newClaimRow,
} from "./claim.service.ts";
export {
  ClaimCreateSchema,
  ClaimEditSchema,
  ClaimRevertSchema,
  ClaimPreferSchema,
  ClaimValueInputSchema,
  CitationSchema,
  ConfidenceSchema,
  PropertySchema,
  type ClaimCreateReq,
  type ClaimEditReq,
  type ClaimValueInput,
} from "./claim.schema.ts";
export type { Claim, ClaimValue, Citation } from "./claim.types.ts";
export { getClaimRevision } from "./claim-history.service.ts";
export { resolveValue } from "./claim.values.ts";
export { presentClaim, ClaimOutSchema, type ClaimOut } from "./claim.presenter.ts";
export { registerEntityWithClaimsRoute } from "./entity-claims.routes.ts";
export { registerClaimRoutes } from "./claim.routes.ts";
export { writeSealedTerms, type SealedTermSource } from "./sealed-term.repository.ts";
export { openClaimRow, sealNewClaimRow } from "./claim.seal.ts";
export {
  findImportedVersions,
  findListRowClaims,
  importReason,
  insertClaimRows,
  insertPreparedClaimRows,
  prepareClaimRows,
  recordImportedVersions,
  supersedeClaimRow,
  type ImportedVersion,
} from "./claim-import.service.ts";
export type { PreparedClaims } from "./claim.repository.ts";
export { parseClaimDate } from "./claim.values.ts";
export { openClaimSnapshot } from "./claim.seal.ts";
export { checkClaimVersion } from "./claim.commit.ts";
export { claimVersionDigest } from "./claim.commit.ts";
export { listReviews, decideReview, assignReview, type ReviewItem, type ReviewPerson } from "./review.service.ts";
export { ReviewDecisionSchema, ReviewKindSchema, type ReviewKind, type ReviewDecisionReq } from "./review.schema.ts";
export { registerReviewRoutes } from "./review.routes.ts";
export {
  listRecordHistory,
  listClaimVersions,
  listEntityVersions,
  CLAIM_FIELDS,
  ENTITY_FIELDS,
  type VersionView,
  type RecordChange,
} from "./record-history.service.ts";
