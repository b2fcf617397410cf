import { createRoute, z } from "@hono/zod-openapi";
import { auditConfidentialReads } from "../auth/index.ts";
import { publicEntityIds } from "../entities/index.ts";
import { presentRevision, RevisionOutSchema } from "../history/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { bodyErrorResponses, errorResponses, IdParamSchema, jsonBody, jsonResponse } from "../http/index.ts";
import { ClaimOutSchema, presentClaim } from "./claim.presenter.ts";
import { ClaimCreateSchema, ClaimEditSchema, ClaimPreferSchema, ClaimRevertSchema } from "./claim.schema.ts";
import {
  createClaim,
  editClaim,
  findClaimsInInterval,
  getClaim,
  listClaimRevisions,
  preferClaim,
  revertClaim,
} from "./claim.service.ts";
import type { Claim } from "./claim.types.ts";

const tags = ["claims"];
// Any date a claim may hold, in any calendar, partial or exact (read by the service).
const DateText = z.string().trim().min(1).max(200).openapi({ example: "1988-07-15" });

const postClaimsRoute = createRoute({
  method: "post",
  path: "/api/claims",
  tags,
  request: { body: jsonBody(ClaimCreateSchema) },
  responses: { 201: jsonResponse(ClaimOutSchema, "The new claim"), ...bodyErrorResponses },
});

const getClaimsRoute = createRoute({
  method: "get",
  path: "/api/claims",
  tags,
  summary: "Claims whose (partial) dates overlap an interval",
  description:
    "`from` and `to` are dates as a claim holds them: ISO (`1988-07-15`), partial (`1367`, `1988-07`), Solar or Lunar Hijri, in Persian, Arabic or ASCII digits (`مرداد ۱۳۶۷`). The interval runs from the earliest day `from` may mean to the latest day `to` may mean.",
  request: {
    query: z.object({
      from: DateText,
      to: DateText,
      calendar: z.enum(["gregorian", "jalali", "hijri"]).optional(),
      property: z.string().max(63).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ items: z.array(ClaimOutSchema) }), "Matching claims"),
    ...errorResponses,
  },
});

const getClaimsIdRoute = createRoute({
  method: "get",
  path: "/api/claims/{id}",
  tags,
  request: { params: IdParamSchema },
  responses: { 200: jsonResponse(ClaimOutSchema, "The claim"), ...errorResponses },
});

const patchClaimsIdRoute = createRoute({
  method: "patch",
  path: "/api/claims/{id}",
  tags,
  request: { params: IdParamSchema, body: jsonBody(ClaimEditSchema) },
  responses: { 200: jsonResponse(ClaimOutSchema, "The edited claim"), ...bodyErrorResponses },
});

const postClaimsIdRevertRoute = createRoute({
  method: "post",
  path: "/api/claims/{id}/revert",
  tags,
  request: { params: IdParamSchema, body: jsonBody(ClaimRevertSchema) },
  responses: {
    200: jsonResponse(ClaimOutSchema, "The claim, as a new version equal to the old one"),
    ...bodyErrorResponses,
  },
});

const postClaimsIdPreferRoute = createRoute({
  method: "post",
  path: "/api/claims/{id}/prefer",
  tags,
  request: { params: IdParamSchema, body: jsonBody(ClaimPreferSchema) },
  responses: { 200: jsonResponse(ClaimOutSchema, "The preferred claim"), ...bodyErrorResponses },
});

const getClaimsIdRevisionsRoute = createRoute({
  method: "get",
  path: "/api/claims/{id}/revisions",
  tags,
  request: { params: IdParamSchema },
  responses: {
    200: jsonResponse(z.object({ items: z.array(RevisionOutSchema) }), "Every version you may see"),
    ...errorResponses,
  },
});

/** Registers the claim API: create, read, edit, revert, prefer, history, date-interval query. */
export function registerClaimRoutes(app: App, { db }: AppDeps): void {
  const present = async (viewer: Parameters<typeof getClaim>[1], claims: Claim[]) => {
    const isPublic = viewer.kind === "anonymous";
    const publicSourceIds = isPublic
      ? await publicEntityIds(
          db,
          claims.flatMap((c) => c.sources.map((s) => s.sourceId)),
        )
      : undefined;
    return claims.map((c) => presentClaim(c, { isPublic, ...(publicSourceIds ? { publicSourceIds } : {}) }));
  };

  app.openapi(postClaimsRoute, async (c) => {
    const viewer = c.get("viewer");
    const input = c.req.valid("json");
    const claim = await db.transaction().execute((trx) => createClaim(trx, viewer, input));
    return c.json(presentClaim(claim, { isPublic: false }), 201);
  });

  app.openapi(getClaimsRoute, async (c) => {
    const viewer = c.get("viewer");
    const q = c.req.valid("query");
    const claims = await findClaimsInInterval(db, viewer, q);
    await auditConfidentialReads(db, viewer, claims);
    return c.json({ items: await present(viewer, claims) }, 200);
  });

  app.openapi(getClaimsIdRoute, async (c) => {
    const viewer = c.get("viewer");
    const claim = await getClaim(db, viewer, c.req.valid("param").id);
    await auditConfidentialReads(db, viewer, [claim]);
    const [out] = await present(viewer, [claim]);
    return c.json(out!, 200);
  });

  app.openapi(patchClaimsIdRoute, async (c) => {
    const viewer = c.get("viewer");
    const { id } = c.req.valid("param");
    const edit = c.req.valid("json");
    const claim = await db.transaction().execute((trx) => editClaim(trx, viewer, id, edit));
    return c.json(presentClaim(claim, { isPublic: false }), 200);
  });

  app.openapi(postClaimsIdRevertRoute, async (c) => {
    const viewer = c.get("viewer");
    const { id } = c.req.valid("param");
    const req = c.req.valid("json");
    const claim = await db.transaction().execute((trx) => revertClaim(trx, viewer, id, req));
    return c.json(presentClaim(claim, { isPublic: false }), 200);
  });

  app.openapi(postClaimsIdPreferRoute, async (c) => {
    const viewer = c.get("viewer");
    const { id } = c.req.valid("param");
    const req = c.req.valid("json");
    const claim = await db.transaction().execute((trx) => preferClaim(trx, viewer, id, req));
    return c.json(presentClaim(claim, { isPublic: false }), 200);
  });

  app.openapi(getClaimsIdRevisionsRoute, async (c) => {
    const viewer = c.get("viewer");
    const { revisions } = await listClaimRevisions(db, viewer, c.req.valid("param").id);
    return c.json({ items: revisions.map(presentRevision) }, 200);
  });
}
