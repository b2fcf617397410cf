import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEntity, buildSource, buildUserToken, testActor } from "../../test/factories.ts";
import { createTestDatabase, type TestDatabase } from "../../test/db.ts";
import { createClaim } from "../claims/index.ts";
import { loadConfig } from "../config/index.ts";
import { type App } from "../http/index.ts";
import { createApp } from "../server/index.ts";
import type { ArchiveItem } from "./archive.types.ts";
import type { BlobStore } from "./blob-store.ts";
import { getCustodyLog } from "./custody.service.ts";
import { getDerivedItems, ingestFile } from "./archive.service.ts";
import { openBlobStore } from "./open-blob-store.ts";
import { GPS_LATITUDE, jpegMarkers, jpegWithGps } from "../../test/archive.ts";

let t: TestDatabase;
let app: App;
let store: BlobStore;
let open: ArchiveItem;
let team: ArchiveItem;
let confidentialClaimId = "";
let teamClaimId = "";
const BYTES = Buffer.from("Fictional public statement of a family, 1367.\n");

beforeAll(async () => {
  t = await createTestDatabase();
  const config = loadConfig({ SABT_DATA_DIR: t.dataDir, SABT_LOG_LEVEL: "silent" });
  app = createApp({ db: t.db, config });
  store = openBlobStore(config.blobStore);
  open = await ingestFile(t.db, store, { bytes: BYTES }, { filename: "statement.txt", visibility: "public" }, "user:fictional-archivist");
  team = await ingestFile(t.db, store, { bytes: Buffer.from("Fictional team memo") }, { filename: "memo.txt", visibility: "team" }, "user:fictional-archivist");
  const person = await buildEntity(t.db);
  const src = await buildSource(t.db);
  for (const visibility of ["team", "confidential"] as const) {
    const c = await t.db.transaction().execute((trx) =>
      createClaim(trx, testActor, {
        entityId: person.id,
        property: "note",
        value: { type: "text", text: `Fictional ${visibility} note` },
        sources: [{ sourceId: src.id, locator: { archiveItemId: open.id } }],
        editorial: false,
        confidence: "medium",
        visibility,
        status: "asserted",
      }),
    );
    if (visibility === "team") teamClaimId = c.id;
    else confidentialClaimId = c.id;
  }
});

afterAll(async () => {
  await t.close();
});

describe("archive API", () => {
  it("gives anyone a public item's fixity and custody, but not who handled it nor which team claims cite it", async () => {
    const r = await app.request(`/api/archive/items/${open.id}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { sha256: string; custody: { intact: boolean; events: { actor?: string }[] }; provenance: Record<string, unknown>; citingClaimIds: string[] };
    expect(body.sha256).toBe(createHash("sha256").update(BYTES).digest("hex"));
    expect(body.custody.intact).toBe(true);
    expect(body.custody.events[0]).not.toHaveProperty("actor");
    expect(body.provenance).not.toHaveProperty("ingestedBy");
    expect(JSON.stringify(body)).not.toContain("fictional-archivist");
    expect(body.citingClaimIds).toEqual([]);
  });

  it("names the handlers and the readable citing claims to team members, by role", async () => {
    const viewer = await buildUserToken(t.db, "viewer", ["read"]);
    const r = (await (await app.request(`/api/archive/items/${open.id}`, { headers: viewer.headers })).json()) as { custody: { events: { actor?: string }[] }; citingClaimIds: string[] };
    expect(r.custody.events[0]!.actor).toBe("user:fictional-archivist");
    expect(r.citingClaimIds).toEqual([teamClaimId]);
    const editor = await buildUserToken(t.db, "editor", ["read"]);
    const e = (await (await app.request(`/api/archive/items/${open.id}`, { headers: editor.headers })).json()) as { citingClaimIds: string[] };
    expect(e.citingClaimIds.sort()).toEqual([teamClaimId, confidentialClaimId].sort());
  });

  it("serves the stored bytes unchanged with their digest, and records a team member's access in the custody log", async () => {
    const before = (await getCustodyLog(t.db, open.id)).length;
    const anonymous = await app.request(`/api/archive/items/${open.id}/content`);
    expect(Buffer.from(await anonymous.arrayBuffer()).equals(BYTES)).toBe(true);
    expect((await getCustodyLog(t.db, open.id)).length).toBe(before);
    const member = await buildUserToken(t.db, "researcher", ["read"]);
    const r = await app.request(`/api/archive/items/${open.id}/content?download=1`, { headers: member.headers });
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(BYTES)).toBe(true);
    expect(r.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(r.headers.get("digest")).toBe(`sha-256=${createHash("sha256").update(BYTES).digest("base64")}`);
    const log = await getCustodyLog(t.db, open.id);
    expect(log.length).toBe(before + 1);
    expect(log.at(-1)).toMatchObject({ action: "viewed", actor: `user:${member.userId}`, details: { purpose: "download" } });
  });

  it("gives anonymous readers of a public photo a copy without its EXIF GPS block, and team members the original", async () => {
    const original = jpegWithGps();
    const photo = await ingestFile(t.db, store, { bytes: original }, { filename: "checkpoint.jpg", visibility: "public" }, "user:fictional-archivist");
    expect(jpegMarkers(original)).toContain(0xe1);
    const served = await Promise.all([1, 2].map(async () => app.request(`/api/archive/items/${photo.id}/content`)));
    const bodies = await Promise.all(served.map(async (r) => Buffer.from(await r.arrayBuffer())));
    for (const [i, r] of served.entries()) {
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toMatch(/^image\/jpeg/);
      expect(r.headers.get("digest")).toBe(`sha-256=${createHash("sha256").update(bodies[i]!).digest("base64")}`);
      expect(jpegMarkers(bodies[i]!)).not.toContain(0xe1);
      expect(bodies[i]!.includes(Buffer.from("Exif\0\0", "latin1"))).toBe(false);
      expect(bodies[i]!.includes(GPS_LATITUDE)).toBe(false);
      // Only metadata goes: the coded image is the original's, byte for byte.
      expect(original.subarray(original.indexOf(Buffer.from([0xff, 0xda]))).equals(bodies[i]!.subarray(bodies[i]!.indexOf(Buffer.from([0xff, 0xda]))))).toBe(true);
    }
    // Two first requests at once make one public copy, which later requests reuse.
    const copies = (await getDerivedItems(t.db, photo.id)).filter((d) => d.derivation === "metadata_stripped");
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ visibility: "public", sha256: createHash("sha256").update(bodies[0]!).digest("hex") });
    const member = await buildUserToken(t.db, "researcher", ["read"]);
    const r = await app.request(`/api/archive/items/${photo.id}/content`, { headers: member.headers });
    expect(Buffer.from(await r.arrayBuffer()).equals(original)).toBe(true);
  });

  it("refuses anonymous readers a public image whose metadata it cannot remove", async () => {
    const webp = Buffer.concat([Buffer.from("RIFF\x1e\0\0\0WEBPVP8X\x0a\0\0\0\x08\0\0\0\0\0\0\0\0\0EXIF", "latin1"), GPS_LATITUDE]);
    const item = await ingestFile(t.db, store, { bytes: webp }, { filename: "photo.webp", visibility: "public" }, "user:fictional-archivist");
    expect(item.mediaType).toBe("image/webp");
    const r = await app.request(`/api/archive/items/${item.id}/content`);
    expect(r.status).toBe(415);
    expect(Buffer.from(await r.arrayBuffer()).includes(GPS_LATITUDE)).toBe(false);
  });

  it("answers 404 for a team item to anonymous callers and for unknown ids, with a JSON error and no content", async () => {
    for (const path of [`/api/archive/items/${team.id}`, `/api/archive/items/${team.id}/content`, "/api/archive/items/no-such-item"]) {
      const r = await app.request(path);
      expect(r.status).toBe(404);
      const text = await r.text();
      expect(JSON.parse(text)).toMatchObject({ error: { id: "not_found" } });
      expect(text).not.toContain("memo");
    }
    const bad = await app.request(`/api/archive/items/${open.id}/content?download=yes`);
    expect(bad.status).toBe(400);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/archive/items/{id}", "/api/archive/items/{id}/content"]));
  });
});
