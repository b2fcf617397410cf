import type { RouteModule } from "../http/index.ts";
import { siteRoutes } from "../site/index.ts";
import { listsRoutes, workspaceRoutes } from "../workspace/index.ts";

/**
 * The route modules mounted after the JSON API core (entities, claims, search and the archive,
 * which `createApp` registers itself), in this order: the public site, the linkage and estimation
 * pages (workspace/lists.routes.tsx), the rest of the team workspace. Kept in one place so `sabt serve`, the static export and
 * the tests mount the same app. No two modules answer the same path; the order only decides
 * that the lists module's form limit and CSRF check on `/team/:lang/{linkage,estimation}/*` run
 * before the workspace's on `/team/*`. `site` replaces the public site's module (the static export's).
 */
export function routeModules(site: RouteModule = siteRoutes): RouteModule[] {
  return [site, listsRoutes, workspaceRoutes];
}
