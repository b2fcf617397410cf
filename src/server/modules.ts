import { listsRoutes } from "../workspace/index.ts";
import { siteRoutes } from "../site/index.ts";
import { workspaceRoutes } from "../workspace/index.ts";
import type { RouteModule } from "./app.ts";

/**
 * The route modules beyond the JSON API core, in mounting order (public site, team workspace,
 * archive). Kept in one place so `sabt serve`, the static export and the tests mount the same app.
 * The lists module comes before the workspace so that its pages answer `/team/…/linkage` and
 * `/team/…/estimation` instead of the workspace's placeholders.
 */
export function routeModules(): RouteModule[] {
  return [siteRoutes, listsRoutes, workspaceRoutes];
}
