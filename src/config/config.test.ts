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
});
