import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration from the environment", () => {
  it("trusts no proxy unless the operator names one", () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ SABT_TRUSTED_PROXIES: " 127.0.0.1, ::1 " }).trustedProxies).toEqual(["127.0.0.1", "::1"]);
  });

  it("refuses a trusted proxy that is not an IP address, naming the variable", () => {
    expect(() => loadConfig({ SABT_TRUSTED_PROXIES: "proxy.example.org" })).toThrow(ConfigError);
    expect(() => loadConfig({ SABT_TRUSTED_PROXIES: "proxy.example.org" })).toThrow(/SABT_TRUSTED_PROXIES/);
  });

  it("lists every problem at once", () => {
    try {
      loadConfig({ PORT: "0", SABT_BLOB_BACKEND: "s3" });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).problems.join("\n")).toMatch(/PORT/);
    }
    try {
      loadConfig({ SABT_BLOB_BACKEND: "s3" });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).problems.filter((p) => p.startsWith("SABT_S3_")).length).toBe(4);
    }
  });

  it("keeps the S3 bucket's settings while the files are still on disk, so they can be copied there first", () => {
    const s3 = { SABT_S3_ENDPOINT: "http://127.0.0.1:9000", SABT_S3_BUCKET: "evidence", SABT_S3_ACCESS_KEY_ID: "k", SABT_S3_SECRET_ACCESS_KEY: "s" };
    const c = loadConfig({ SABT_DATA_DIR: "/srv/sabt", ...s3 });
    expect(c.blobStore).toEqual({ backend: "fs", dataDir: "/srv/sabt" });
    expect(c.s3).toMatchObject({ endpoint: "http://127.0.0.1:9000", bucket: "evidence", region: "us-east-1" });
    expect(loadConfig({ ...s3, SABT_BLOB_BACKEND: "s3" }).blobStore).toMatchObject({ backend: "s3", bucket: "evidence" });
    expect(loadConfig({ SABT_S3_BUCKET: "evidence" }).s3).toBeUndefined();
  });
});
