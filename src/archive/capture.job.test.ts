/**
 * The capture job's handler on its own (the engine that claims it is tested in src/jobs/): a job
 * archives its page once, a later attempt finds that capture, and private addresses stay refused
 * unless the operator's payload allows them.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestArchive } from "../../test/archive.ts";
import { testJobContext as contextFor } from "../../test/job-context.ts";
import type { Db } from "../db/index.ts";
import type { BlobStore } from "./blob-store.ts";
import { captureJob, CaptureJobPayload } from "./capture.job.ts";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fictional report</title></head>
<body><article><h1>A fictional report</h1><p>This page is invented for a test; no real person appears in it.</p></article></body></html>`;

let db: Db;
let store: BlobStore;
let close: () => Promise<void>;
let server: http.Server;
let url: string;

beforeAll(async () => {
  ({ db, store, close } = await openTestArchive());
  server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report`;
}, 120_000);
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await close();
});

const capturesOf = async (jobId: string) =>
  (await db.selectFrom("archive_item").select(["id", "metadata"]).where("kind", "=", "web_capture").execute()).filter(
    (r) => (r.metadata.capture as { jobId?: string } | undefined)?.jobId === jobId,
  );

describe("the capture job", () => {
  it("archives the page once, and a later attempt of the same job finds that capture", async () => {
    const jobId = randomUUID();
    const payload = CaptureJobPayload.parse({ url, actor: "test:alice", allowPrivateNetwork: true });
    const ctx = contextFor(jobId);
    const first = await captureJob(store)(db, payload, ctx);
    expect(first.resumed).toBe(false);
    expect(first.artifacts.map((a) => a.kind).sort()).toEqual(["html", "pdf", "screenshot", "text", "warc"]);
    expect(ctx.reported.at(-1)).toEqual([2, 2]);
    const again = await captureJob(store)(db, payload, contextFor(jobId));
    expect(again).toMatchObject({ itemId: first.itemId, resumed: true });
    expect(again.artifacts.map((a) => a.itemId).sort()).toEqual(first.artifacts.map((a) => a.itemId).sort());
    expect(await capturesOf(jobId)).toHaveLength(1);
  }, 180_000);

  it("refuses a loopback address when the payload does not allow private networks", async () => {
    const jobId = randomUUID();
    const payload = CaptureJobPayload.parse({ url, actor: "user:u1" });
    await expect(captureJob(store)(db, payload, contextFor(jobId))).rejects.toMatchObject({ id: "validation_failed" });
    expect(await capturesOf(jobId)).toHaveLength(0);
  });
});
