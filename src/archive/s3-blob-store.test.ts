import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBlob, type BlobStore } from "./blob-store.ts";
import { createS3BlobStore } from "./s3-blob-store.ts";
import { startTestS3, TEST_S3, type TestS3 } from "../../test/s3.ts";

// A local S3-compatible server (s3rver) on 127.0.0.1, started and stopped by this file.
let server: TestS3;
let store: BlobStore;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sabt-s3-"));
  server = await startTestS3(dir);
  store = createS3BlobStore({
    ...TEST_S3,
    bucket: server.bucket,
    endpoint: server.endpoint,
    prefix: "sabt/",
    stagingDir: path.join(dir, "staging"),
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("S3 blob store", () => {
  it("stores by content hash, reads back, lists and rehashes", async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 0x5a);
    const staged = await store.stage(bytes);
    expect(await store.commit(staged)).toEqual({ created: true });
    const again = await store.stage(bytes);
    expect(await store.commit(again)).toEqual({ created: false });
    expect((await readBlob(store, staged.sha256)).equals(bytes)).toBe(true);
    expect(await store.stat(staged.sha256)).toEqual({ size: bytes.length });
    expect(await store.rehash(staged.sha256)).toEqual({ sha256: staged.sha256, size: bytes.length });
    const listed: string[] = [];
    for await (const h of store.list()) listed.push(h);
    expect(listed).toContain(staged.sha256);
    expect(fs.readdirSync(path.join(dir, "staging"))).toEqual([]);
  });

  it("reports a missing blob as missing", async () => {
    expect(await store.rehash("a".repeat(64))).toBeNull();
    await expect(store.open("a".repeat(64))).rejects.toMatchObject({ id: "not_found" });
  });
});
