export {
  createClaim,
  createClaims,
  getClaim,
  readableClaims,
  listClaims,
  editClaim,
  revertClaim,
  preferClaim,
  findClaimsInInterval,
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
  VisibilitySchema,
  ConfidenceSchema,
  PropertySchema,
  type ClaimCreateReq,
  type ClaimEditReq,
  type ClaimValueInput,
} from "./claim.schema.ts";
export type { Claim, ClaimValue, Citation } from "./claim.types.ts";
export { resolveValue } from "./claim.values.ts";
export { presentClaim } from "./claim.presenter.ts";
export { registerClaimRoutes } from "./claim.routes.ts";
