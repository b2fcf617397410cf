/**
 * @internal Test fixture: a local S3-compatible server (s3rver) on 127.0.0.1 with one bucket,
 * `evidence`, and the settings that reach it, as S3 options and as `SABT_S3_*` variables.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import S3rver from "s3rver";

/** The bucket and the credentials s3rver accepts. */
export const TEST_S3 = Object.freeze({ bucket: "evidence", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });

/** A running test S3 server. */
export interface TestS3 {
  endpoint: string;
  /** `SABT_S3_*` variables naming the bucket (without a prefix or the backend choice). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts s3rver with its files under `dir/s3`; close it in `afterAll`. */
export async function startTestS3(dir: string): Promise<TestS3> {
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(dir, "s3"),
    configureBuckets: [{ name: TEST_S3.bucket, configs: [] }],
  });
  const endpoint = `http://127.0.0.1:${((await server.run()) as AddressInfo).port}`;
  return {
    endpoint,
    env: {
      SABT_S3_ENDPOINT: endpoint,
      SABT_S3_BUCKET: TEST_S3.bucket,
      SABT_S3_REGION: TEST_S3.region,
      SABT_S3_ACCESS_KEY_ID: TEST_S3.accessKeyId,
      SABT_S3_SECRET_ACCESS_KEY: TEST_S3.secretAccessKey,
    },
    close: () => server.close(),
  };
}
