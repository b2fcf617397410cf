import fs from "node:fs";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestArchive } from "../../test/archive.ts";
import type { Db } from "../db/index.ts";
import { ingestFile } from "./archive.service.ts";
import { blobKey, readBlob, type BlobStore } from "./blob-store.ts";
import { copyBlobStore } from "./copy-store.service.ts";
import { createS3BlobStore } from "./s3-blob-store.ts";
import { startTestS3, TEST_S3, type TestS3 } from "../../test/s3.ts";

// A local S3-compatible server (s3rver) on 127.0.0.1; each test copies into its own key prefix.
let server: TestS3;
let endpoint: string;
let db: Db;
let source: BlobStore;
let dir: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, store: source, dir, close } = await openTestArchive());
  server = await startTestS3(dir);
  endpoint = server.endpoint;
});
afterAll(async () => {
  await server.close();
  await close();
});

const s3 = (prefix: string, at = endpoint) =>
  createS3BlobStore({
    ...TEST_S3,
    bucket: server.bucket,
    endpoint: at,
    prefix,
    stagingDir: path.join(dir, "staging"),
  });
const options = { actor: "test:copy", targetName: "s3://test/evidence/" };
const ingest = async (text: string) => ingestFile(db, source, { bytes: Buffer.from(text) }, { filename: "note.txt" }, "test:copy");
const sourceFile = (sha256: string) => path.join(dir, "blobs", blobKey(sha256));

async function auditedCopies(): Promise<Record<string, unknown>[]> {
  const rows = await db.selectFrom("audit_log").select("details").where("action", "=", "archive.copy_store").orderBy("seq").execute();
  return rows.map((r) => r.details as Record<string, unknown>);
}

describe("copying the stored files to another blob store", () => {
  it("copies every file, also one no item names, verifies each, and a second run only re-reads them", async () => {
    const items = [await ingest("fictional note one"), await ingest("fictional note two"), await ingest("fictional note three")];
    const stray = await source.stage(Buffer.from("a file left by an intake that was rolled back"));
    await source.commit(stray);
    const target = s3("first/");

    const first = await copyBlobStore(db, source, target, options);
    expect(first).toMatchObject({ ok: true, copied: 4, alreadyPresent: 0, failed: [], interrupted: false });
    expect(first.total).toBe(4);
    for (const item of items) expect((await readBlob(target, item.sha256)).toString()).toMatch(/^fictional note/);
    expect(await target.rehash(stray.sha256)).toEqual({ sha256: stray.sha256, size: stray.size });

    const again = await copyBlobStore(db, source, target, options);
    expect(again).toMatchObject({ ok: true, total: 4, copied: 0, alreadyPresent: 4, bytes: 0 });
    expect((await auditedCopies()).slice(-2)).toEqual([
      { total: 4, copied: 4, alreadyPresent: 0, failed: 0, failedFiles: [], interrupted: false },
      { total: 4, copied: 0, alreadyPresent: 4, failed: 0, failedFiles: [], interrupted: false },
    ]);
    expect(fs.readdirSync(path.join(dir, "staging"))).toEqual([]);
  });

  it("names each file missing from the source, damaged in the source or different in the target, and copies the rest", async () => {
    const missing = await ingest("fictional note whose file was deleted");
    fs.rmSync(sourceFile(missing.sha256));
    const damaged = await ingest("fictional note whose file was altered");
    fs.chmodSync(sourceFile(damaged.sha256), 0o644);
    fs.writeFileSync(sourceFile(damaged.sha256), "altered behind Sabt's back");
    const squatted = await ingest("fictional note whose name the bucket already holds");
    const client = new AwsClient({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", service: "s3", region: "us-east-1" });
    const put = await client.fetch(`${endpoint}/${server.bucket}/second/${blobKey(squatted.sha256)}`, { method: "PUT", body: "other bytes" });
    expect(put.ok).toBe(true);
    const target = s3("second/");

    const r = await copyBlobStore(db, source, target, options);
    expect(r.ok).toBe(false);
    expect(r.failed).toEqual(
      [
        { sha256: missing.sha256, reason: expect.stringMatching(/source store does not have it/) },
        { sha256: damaged.sha256, reason: expect.stringMatching(/^the source file is damaged: it now hashes to [0-9a-f]{64}/) },
        { sha256: squatted.sha256, reason: expect.stringMatching(/^the target already holds other bytes under this name \(11 bytes/) },
      ].sort((a, b) => a.sha256.localeCompare(b.sha256)),
    );
    expect(r.copied).toBe(r.total - 3);
    expect(await target.stat(damaged.sha256)).toBeNull();
    expect((await auditedCopies()).at(-1)).toMatchObject({ failed: 3, failedFiles: r.failed.map((f) => f.sha256) });
    expect(await target.stat(missing.sha256)).toBeNull();
  });

  it("stops between files when asked, and the next run completes the copy", async () => {
    const controller = new AbortController();
    const target = s3("third/");
    const stopped = await copyBlobStore(db, source, target, {
      ...options,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => done === 2 && controller.abort(),
    });
    // Two files were handled (one of them may be a file broken by the test above) and no other.
    expect(stopped).toMatchObject({ ok: false, interrupted: true, alreadyPresent: 0 });
    expect(stopped.copied + stopped.failed.length).toBe(2);
    expect((await auditedCopies()).at(-1)).toMatchObject({ copied: stopped.copied, interrupted: true });

    const resumed = await copyBlobStore(db, source, target, options);
    expect(resumed.interrupted).toBe(false);
    expect(resumed.alreadyPresent).toBe(stopped.copied);
    // The files broken in the source by the test above stay failed; everything else is copied.
    expect(resumed.copied + resumed.alreadyPresent + resumed.failed.length).toBe(resumed.total);
    expect(resumed.failed).toHaveLength(2);
  });

  it("refuses at once, copying nothing and recording nothing, when the target cannot be reached", async () => {
    const before = (await auditedCopies()).length;
    await expect(copyBlobStore(db, source, s3("fourth/", "http://127.0.0.1:9"), options)).rejects.toMatchObject({
      id: "internal",
      message: expect.stringMatching(/^the blob store could not be reached/),
    });
    expect(await auditedCopies()).toHaveLength(before);
  });
});
