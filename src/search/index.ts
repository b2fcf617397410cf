export { search, type SearchHit } from "./search.service.ts";
export { registerSearchRoutes } from "./search.routes.ts";
export type { EntityRestriction } from "./search.repository.ts";
