export { search, type SearchHit } from "./search.service.ts";
export { registerSearchRoutes } from "./search.routes.ts";
export type { PeopleRestriction } from "./search.repository.ts";
