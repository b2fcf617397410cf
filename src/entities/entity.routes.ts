import { createRoute, z } from "@hono/zod-openapi";
import { listEntityRevisions } from "./entity-history.service.ts";
import type { App, AppDeps } from "../http/index.ts";
import { bodyErrorResponses, errorResponses, IdParamSchema, jsonBody, jsonResponse } from "../http/index.ts";
import { presentRevision, RevisionOutSchema } from "../history/index.ts";
import { EntityCreateSchema, EntityEditSchema, EntityListQuerySchema } from "./entity.schema.ts";
import { createEntity, editEntity, getEntity, listEntities } from "./entity.service.ts";
import { EntityOutSchema, presentEntity } from "./entity.presenter.ts";

const tags = ["entities"];

/** Registers the entity API: list, create, edit, history (reading one entity with its claims is claims/entity-claims.routes.ts). */
export function registerEntityRoutes(app: App, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/entities",
      tags,
      request: { query: EntityListQuerySchema },
      responses: { 200: jsonResponse(z.object({ items: z.array(EntityOutSchema) }), "Entities you may see"), ...errorResponses },
    }),
    async (c) => {
      const viewer = c.get("viewer");
      const items = await listEntities(db, viewer, c.req.valid("query"));
      return c.json({ items: items.map((e) => presentEntity(e, { isPublic: viewer.kind === "anonymous" })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/entities",
      tags,
      request: { body: jsonBody(EntityCreateSchema) },
      responses: { 201: jsonResponse(EntityOutSchema, "The new entity"), ...bodyErrorResponses },
    }),
    async (c) => {
      const viewer = c.get("viewer");
      const input = c.req.valid("json");
      const e = await db.transaction().execute((trx) => createEntity(trx, viewer, input));
      return c.json(presentEntity(e, { isPublic: false }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/entities/{id}",
      tags,
      request: { params: IdParamSchema, body: jsonBody(EntityEditSchema) },
      responses: { 200: jsonResponse(EntityOutSchema, "The edited entity"), ...bodyErrorResponses },
    }),
    async (c) => {
      const viewer = c.get("viewer");
      const { id } = c.req.valid("param");
      const edit = c.req.valid("json");
      const e = await db.transaction().execute((trx) => editEntity(trx, viewer, id, edit));
      return c.json(presentEntity(e, { isPublic: false }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/entities/{id}/revisions",
      tags,
      request: { params: IdParamSchema },
      responses: { 200: jsonResponse(z.object({ items: z.array(RevisionOutSchema) }), "Every version you may see"), ...errorResponses },
    }),
    async (c) => {
      const viewer = c.get("viewer");
      const e = await getEntity(db, viewer, c.req.valid("param").id);
      const items = await listEntityRevisions(db, viewer, e.id);
      return c.json({ items: items.map(presentRevision) }, 200);
    },
  );
}
