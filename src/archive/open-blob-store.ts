import path from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { createFsBlobStore } from "./fs-blob-store.ts";
import type { BlobStoreConfig } from "../config/index.ts";
import { createS3BlobStore } from "./s3-blob-store.ts";

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
