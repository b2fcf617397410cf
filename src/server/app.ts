import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { registerArchiveRoutes } from "../archive/index.ts";
import { registerClaimRoutes, registerEntityWithClaimsRoute, registerReviewRoutes } from "../claims/index.ts";
import { registerEntityRoutes } from "../entities/index.ts";
import { registerSearchRoutes } from "../search/index.ts";
import { SabtError } from "../shared/errors.ts";
import type { App, AppDeps, AppEnv, RouteModule } from "../http/index.ts";
import { errorBody, findUnstorableText, formatZodError, handleError } from "../http/index.ts";
import { securityHeaders } from "../http/index.ts";
import { viewerMiddleware } from "../http/index.ts";


/**
 * Builds the whole HTTP application: security headers, the viewer, the JSON API with its
 * OpenAPI 3.1 document generated from the same zod schemas that validate requests, and any
 * further route modules. Tested in-process with `app.request()`.
 */
export function createApp(deps: AppDeps, modules: readonly RouteModule[] = []): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(errorBody("validation_failed", formatZodError(result.error)), 400);
      // Every validated input (body, query, path) passes here, so this one check keeps NUL and
      // unpaired surrogates, which no schema forbids, from reaching the database.
      const bad = findUnstorableText(result.data);
      if (bad !== undefined) return c.json(errorBody("validation_failed", `${bad}: contains a NUL character or an unpaired surrogate`), 400);
      return undefined;
    },
  });
  app.onError(handleError);
  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
  app.use("*", securityHeaders(deps.config.publicUrl));
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: 2 * 1024 * 1024,
      onError: () => {
        throw new SabtError("payload_too_large", "The request body is larger than 2 MiB");
      },
    }),
  );
  app.use("*", viewerMiddleware(deps.db, deps.config.publicUrl));
  app.get("/healthz", (c) => c.json({ ok: true }));

  registerEntityRoutes(app, deps);
  registerEntityWithClaimsRoute(app, deps);
  registerClaimRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerSearchRoutes(app, deps);
  registerArchiveRoutes(app, deps);
  for (const m of modules) m(app, deps);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Sabt API",
      version: "0.1.0",
      description:
        "Sourced claims about people, organizations, places and events. Anonymous requests see only the public projection; send `Authorization: Bearer <token>` for team access.",
    },
  });
  return app;
}
