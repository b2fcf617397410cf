import { createRoute, z } from "@hono/zod-openapi";
import { EntityTypeSchema } from "../entities/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { errorResponses, jsonResponse } from "../http/index.ts";
import { search } from "./search.service.ts";

const HitSchema = z
  .object({ id: z.string(), type: z.string(), slug: z.string(), label: z.string(), score: z.number() })
  .openapi("SearchHit");

/** Registers `GET /api/search`. */
export function registerSearchRoutes(app: App, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/search",
      tags: ["search"],
      request: {
        query: z.object({
          q: z.string().min(1).max(200),
          type: EntityTypeSchema.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(HitSchema) }), "Best matches first"), ...errorResponses },
    }),
    async (c) => {
      const { q, type, limit } = c.req.valid("query");
      const items = await search(db, c.get("viewer"), q, { type, limit });
      return c.json({ items: items.map((h) => ({ ...h, score: Math.round(h.score * 1000) / 1000 })) }, 200);
    },
  );
}
