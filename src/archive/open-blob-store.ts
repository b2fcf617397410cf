import path from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { createFsBlobStore } from "./fs-blob-store.ts";
import { createS3BlobStore, type S3Options } from "./s3-blob-store.ts";

/** How to reach the blob store, built from config (SABT_BLOB_BACKEND and the SABT_S3_* variables). */
export type BlobStoreConfig = { backend: "fs"; dataDir: string } | ({ backend: "s3" } & S3Options);

/**
 * Opens the configured blob store: the filesystem under `$SABT_DATA_DIR/blobs` by default, or an
 * S3-compatible bucket for larger installs.
 * @example const store = openBlobStore({ backend: "fs", dataDir: config.dataDir });
 */
export function openBlobStore(config: BlobStoreConfig): BlobStore {
  switch (config.backend) {
    case "fs":
      return createFsBlobStore(path.join(config.dataDir, "blobs"));
    case "s3":
      return createS3BlobStore(config);
  }
}
