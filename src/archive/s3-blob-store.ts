import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AwsClient } from "aws4fetch";
import type { S3Options } from "../config/index.ts";
import { SabtError } from "../shared/errors.ts";
import {
  blobKey,
  hashStream,
  stageToDir,
  type BlobStore,
  type Digest,
  type StagedFile,
} from "./blob-store.ts";


/**
 * An S3-compatible blob store. Keys are `<prefix>sha256/<2 hex>/<2 hex>/<hash>` (path-style URLs,
 * which MinIO, Garage and AWS all accept). Each upload sends its SHA-256 as
 * `x-amz-content-sha256`, so the server itself rejects a body altered in transit, and
 * `If-None-Match: *` so that servers supporting conditional writes never overwrite a blob.
 */
export function createS3BlobStore(options: S3Options): BlobStore {
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    service: "s3",
    region: options.region,
    retries: 0,
  });
  const base = options.endpoint.replace(/\/$/, "");
  const prefix = options.prefix ?? "";
  const stagingDir = options.stagingDir ?? path.join(os.tmpdir(), "sabt-s3-staging");
  const url = (sha256: string) => `${base}/${encodeURIComponent(options.bucket)}/${prefix}${blobKey(sha256)}`;

  async function request(
    method: string,
    target: string,
    init: { headers?: Record<string, string>; body?: () => BodyInit } = {},
  ) {
    let lastError: unknown;
    // A fresh body per attempt: a streamed body cannot be replayed.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const res = await client.fetch(target, { method, headers: init.headers, body: init.body?.() });
        if (res.status < 500 && res.status !== 429) return res;
        lastError = new Error(`S3 ${method} answered ${res.status}`);
        await res.body?.cancel();
      } catch (e) {
        lastError = e;
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
    throw new SabtError("internal", `the blob store could not be reached (${(lastError as Error).message})`);
  }

  async function head(sha256: string): Promise<number | null> {
    const res = await request("HEAD", url(sha256));
    if (res.status === 404) return null;
    if (!res.ok) throw new SabtError("internal", `S3 HEAD answered ${res.status}`);
    return Number(res.headers.get("content-length"));
  }

  return {
    backend: "s3",
    stage: (input, opts) => stageToDir(stagingDir, input, opts?.maxBytes),

    async commit(staged: StagedFile) {
      try {
        if ((await head(staged.sha256)) !== null) return { created: false };
        const res = await request("PUT", url(staged.sha256), {
          headers: {
            "content-length": String(staged.size),
            "content-type": "application/octet-stream",
            "x-amz-content-sha256": staged.sha256,
            "if-none-match": "*",
          },
          body: () => Readable.toWeb(fs.createReadStream(staged.path)) as unknown as BodyInit,
        });
        await res.body?.cancel();
        if (res.status === 412 || res.status === 409) return { created: false };
        if (!res.ok) throw new SabtError("internal", `S3 PUT answered ${res.status}`);
        const stored = await head(staged.sha256);
        if (stored !== staged.size) {
          throw new SabtError(
            "integrity_failed",
            `S3 holds ${stored} bytes for ${staged.sha256}, ${staged.size} were sent`,
          );
        }
        return { created: true };
      } finally {
        await staged.discard();
      }
    },

    async open(sha256: string) {
      const res = await request("GET", url(sha256));
      if (res.status === 404) {
        await res.body?.cancel();
        throw new SabtError("not_found", `blob ${sha256} not found`);
      }
      if (!res.ok || !res.body) throw new SabtError("internal", `S3 GET answered ${res.status}`);
      return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
    },

    async stat(sha256: string) {
      const size = await head(sha256);
      return size === null ? null : { size };
    },

    async rehash(sha256: string): Promise<Digest | null> {
      const res = await request("GET", url(sha256));
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok || !res.body) throw new SabtError("internal", `S3 GET answered ${res.status}`);
      return hashStream(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>));
    },

    async *list() {
      let token: string | null = null;
      do {
        const q = new URLSearchParams({ "list-type": "2", prefix: `${prefix}sha256/` });
        if (token) q.set("continuation-token", token);
        const res = await request("GET", `${base}/${encodeURIComponent(options.bucket)}?${q.toString()}`);
        const xml = await res.text();
        if (!res.ok) throw new SabtError("internal", `S3 list answered ${res.status}`);
        for (const m of xml.matchAll(/<Key>([^<]+)<\/Key>/g)) {
          const name = m[1]!.split("/").pop()!;
          if (/^[0-9a-f]{64}$/.test(name)) yield name;
        }
        token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
          ? (/<NextContinuationToken>([^<]+)</.exec(xml)?.[1] ?? null)
          : null;
      } while (token);
    },
  };
}
