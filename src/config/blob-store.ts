/** The blob store settings, part of the configuration so that config/ depends on no capability. */
/** Connection settings of an S3-compatible bucket (config: SABT_S3_ENDPOINT, SABT_S3_BUCKET, …). */
export interface S3Options {
  /** Base URL, e.g. `https://s3.eu-central-1.amazonaws.com` or a MinIO/Garage address. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. `sabt/` (default none). */
  prefix?: string | undefined;
  /** Local directory where uploads are staged and hashed before they are sent. */
  stagingDir?: string | undefined;
}

/** How to reach the blob store, built from config (SABT_BLOB_BACKEND and the SABT_S3_* variables). */
export type BlobStoreConfig = { backend: "fs"; dataDir: string } | ({ backend: "s3" } & S3Options);
