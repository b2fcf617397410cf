import { createRoute, z } from "@hono/zod-openapi";
import { auditConfidentialReads } from "../auth/index.ts";
import { EntityOutSchema, getEntity, presentEntity, publicEntityIds } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { errorResponses, IdParamSchema, jsonResponse } from "../http/index.ts";
import { ClaimOutSchema, presentClaim } from "./claim.presenter.ts";
import { listClaims } from "./claim.service.ts";

/**
 * Registers `GET /api/entities/{id}`: an entity read with its claims. It lives with the claims
 * because it needs them, and claims sit above entities (a claim is about an entity); the rest of
 * the entity API is entities/entity.routes.ts.
 */
export function registerEntityWithClaimsRoute(app: App, { db }: AppDeps): void {
  const tags = ["entities"];
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/entities/{id}",
      tags,
      request: { params: IdParamSchema },
      responses: {
        200: jsonResponse(z.object({ entity: EntityOutSchema, claims: z.array(ClaimOutSchema) }), "The entity and its claims"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const viewer = c.get("viewer");
      const isPublic = viewer.kind === "anonymous";
      const e = await getEntity(db, viewer, c.req.valid("param").id);
      const claims = await listClaims(db, viewer, e.id);
      const visible = isPublic ? claims.filter((cl) => cl.status !== "retracted") : claims;
      await auditConfidentialReads(db, viewer, visible);
      const publicSourceIds = isPublic ? await publicEntityIds(db, visible.flatMap((cl) => cl.sources.map((s) => s.sourceId))) : undefined;
      return c.json(
        {
          entity: presentEntity(e, { isPublic }),
          claims: visible.map((cl) => presentClaim(cl, { isPublic, ...(publicSourceIds ? { publicSourceIds } : {}) })),
        },
        200,
      );
    },
  );

}
