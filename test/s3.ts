/**
 * @internal Test fixture: an S3-compatible server with a bucket of the caller's own, and the
 * settings that reach it, as S3 options and as `SABT_S3_*` variables. When
 * `SABT_TEST_S3_ENDPOINT` names a server (CI starts one, as an operator runs their store apart
 * from Sabt), each caller gets a fresh bucket there; otherwise a local s3rver is started on
 * 127.0.0.1 with one bucket, `evidence`.
 */
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import S3rver from "s3rver";

/** The bucket and the credentials s3rver accepts. */
export const TEST_S3 = Object.freeze({ bucket: "evidence", region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });

/** A running test S3 server. */
export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** `SABT_S3_*` variables naming the bucket (without a prefix or the backend choice). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts s3rver with its files under `dir/s3`; close it in `afterAll`. */
export async function startTestS3(dir: string): Promise<TestS3> {
  const external = process.env.SABT_TEST_S3_ENDPOINT;
  if (external) return withBucket(external, `t-${crypto.randomBytes(6).toString("hex")}`, async () => {});
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(dir, "s3"),
    configureBuckets: [{ name: TEST_S3.bucket, configs: [] }],
  });
  const endpoint = `http://127.0.0.1:${((await server.run()) as AddressInfo).port}`;
  return withBucket(endpoint, TEST_S3.bucket, () => server.close());
}

/** Settings for `bucket` at `endpoint`; a bucket on an external server is created first. */
async function withBucket(endpoint: string, bucket: string, close: () => Promise<void>): Promise<TestS3> {
  if (bucket !== TEST_S3.bucket) {
    const aws = new AwsClient({ accessKeyId: TEST_S3.accessKeyId, secretAccessKey: TEST_S3.secretAccessKey, region: TEST_S3.region, service: "s3" });
    const r = await aws.fetch(`${endpoint}/${bucket}`, { method: "PUT" });
    if (!r.ok) throw new Error(`the test S3 server at ${endpoint} refused to create bucket ${bucket}: ${r.status}`);
  }
  return {
    endpoint,
    bucket,
    env: {
      SABT_S3_ENDPOINT: endpoint,
      SABT_S3_BUCKET: bucket,
      SABT_S3_REGION: TEST_S3.region,
      SABT_S3_ACCESS_KEY_ID: TEST_S3.accessKeyId,
      SABT_S3_SECRET_ACCESS_KEY: TEST_S3.secretAccessKey,
    },
    close,
  };
}
