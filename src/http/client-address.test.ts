import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-address.ts";

describe("the client address used for throttling", () => {
  it("is the socket peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("203.0.113.9", "198.51.100.1", [])).toBe("203.0.113.9");
  });

  it("is the right-most untrusted forwarded hop when the peer is a trusted proxy", () => {
    expect(clientAddressOf("10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.3", ["10.0.0.2", "10.0.0.3"])).toBe("203.0.113.5");
  });

  it("ignores a forged left-most hop that a client added itself", () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
    expect(clientAddressOf("127.0.0.1", "1.2.3.4, 203.0.113.7", ["127.0.0.1"])).toBe("203.0.113.7");
  });

  it("treats IPv4-mapped IPv6 peers as their IPv4 address", () => {
    expect(clientAddressOf("::ffff:127.0.0.1", "203.0.113.8", ["127.0.0.1"])).toBe("203.0.113.8");
  });

  it("is the peer when a trusted proxy sends no forwarding header, and unknown without a socket", () => {
    expect(clientAddressOf("127.0.0.1", undefined, ["127.0.0.1"])).toBe("127.0.0.1");
    expect(clientAddressOf(undefined, "203.0.113.8", ["127.0.0.1"])).toBe("unknown");
  });
});
