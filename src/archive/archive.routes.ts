/**
 * The archive's JSON API: an item's record with fixity, provenance, derived copies, custody log
 * and timestamps, and its file. Access follows the item's visibility like every other object;
 * anonymous callers see only public items, and never who handled them (team members are people
 * whom state attackers target).
 */
import { Readable } from "node:stream";
import { createRoute, z } from "@hono/zod-openapi";
import { readableClaims } from "../claims/index.ts";
import type { App, AppDeps } from "../http/index.ts";
import { errorResponses, IdParamSchema, jsonResponse } from "../http/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import type { ArchiveItem } from "./archive.types.ts";
import { openEvidenceFile, viewEvidence, type EvidenceView } from "./evidence.service.ts";
import { openBlobStore } from "./open-blob-store.ts";
import { safeServeHeaders } from "./serve-headers.ts";

const tags = ["archive"];

const DerivedOutSchema = z.object({ id: z.string(), mediaType: z.string(), derivation: z.string().nullable(), sha256: z.string() });

const ItemOutSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    sha256: z.string(),
    size: z.number(),
    mediaType: z.string(),
    filename: z.string().nullable(),
    title: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    visibility: z.string(),
    hazards: z.array(z.string()),
    originalId: z.string().nullable(),
    createdAt: z.string(),
    provenance: z.record(z.string(), z.unknown()),
    derived: z.array(DerivedOutSchema),
    custody: z.object({
      intact: z.boolean(),
      problems: z.array(z.string()),
      events: z.array(z.object({ seq: z.number(), at: z.string(), action: z.string(), actor: z.string().optional(), hash: z.string(), prevHash: z.string() })),
    }),
    timestamps: z.array(z.object({ tsaUrl: z.string(), genTime: z.string(), serial: z.string() })),
    citingClaimIds: z.array(z.string()),
  })
  .openapi("ArchiveItem");

/** Decides which fields of an evidence view leave the server for this viewer. */
export function presentEvidence(view: EvidenceView, viewer: Viewer, citingClaimIds: string[]): z.infer<typeof ItemOutSchema> {
  const team = viewer.kind !== "anonymous";
  const item: ArchiveItem = view.item;
  const { ingestedBy: _who, collectedBy: _collector, sourcePerson: _person, ...publicProvenance } = item.provenance;
  return {
    id: item.id,
    kind: item.kind,
    sha256: item.sha256,
    size: item.size,
    mediaType: item.mediaType,
    filename: item.filename,
    title: item.title,
    sourceUrl: item.sourceUrl,
    visibility: item.visibility,
    hazards: item.hazards,
    originalId: item.originalId,
    createdAt: item.createdAt.toISOString(),
    provenance: team ? { ...item.provenance } : publicProvenance,
    derived: view.derived.map((d) => ({ id: d.id, mediaType: d.mediaType, derivation: d.derivation, sha256: d.sha256 })),
    custody: {
      intact: view.custodyCheck.ok,
      problems: view.custodyCheck.problems,
      events: view.custody.map((e) => ({ seq: e.seq, at: e.at, action: e.action, ...(team ? { actor: e.actor } : {}), hash: e.hash, prevHash: e.prevHash })),
    },
    timestamps: view.timestamps,
    citingClaimIds,
  };
}

/** Registers `GET /api/archive/items/{id}` and `GET /api/archive/items/{id}/content`. */
export function registerArchiveRoutes(app: App, deps: AppDeps): void {
  const { db } = deps;
  const store = openBlobStore(deps.config.blobStore);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/archive/items/{id}",
      tags,
      summary: "An archived item: fixity, provenance, derived copies, custody log, timestamps",
      request: { params: IdParamSchema },
      responses: { 200: jsonResponse(ItemOutSchema, "The item"), ...errorResponses },
    }),
    async (c) => {
      const viewer = c.get("viewer");
      const view = await viewEvidence(db, viewer, c.req.valid("param").id);
      // Only citing claims this caller may read are named: an id alone says a claim exists.
      const citing = (await readableClaims(db, viewer, view.citingClaimIds)).map((cl) => cl.id);
      return c.json(presentEvidence(view, viewer, citing), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/archive/items/{id}/content",
      tags,
      summary: "The stored file, byte for byte (active content only as an attachment); each call is recorded in the custody log",
      request: { params: IdParamSchema, query: z.object({ download: z.enum(["0", "1"]).optional() }) },
      responses: {
        200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const download = c.req.valid("query").download === "1";
      const { item, stream } = await openEvidenceFile(db, store, c.get("viewer"), c.req.valid("param").id, download ? "download" : "view");
      const headers = safeServeHeaders(item, { download });
      headers["Content-Length"] = String(item.size);
      headers["Digest"] = `sha-256=${Buffer.from(item.sha256, "hex").toString("base64")}`;
      return new Response(Readable.toWeb(stream) as ReadableStream, { status: 200, headers });
    },
  );
}
