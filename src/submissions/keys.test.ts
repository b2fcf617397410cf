/**
 * The form's keys must not change across versions of Sabt: a changed derivation would let every
 * address start its count again and void every challenge handed out. Pinned on a known key.
 */
import { describe, expect, it } from "vitest";
import { usePinnedKeyring } from "../../test/pinned-keyring.ts";
import { keyedHash } from "./keys.ts";

usePinnedKeyring("pinned-submissions");

describe("the form's derived keys", () => {
  it("give the same keyed hashes as ever (HKDF-SHA-256 with 'sabt submissions <purpose> v1', then HMAC-SHA-256)", () => {
    expect(keyedHash("address", "203.0.113.9")).toBe("yTZ4i030AYUFg5uiZI4J5EdM98XcwbvnErirreNAN6Y");
    expect(keyedHash("pow", "203.0.113.9")).toBe("YQ_i5rzXUQK_u25sfKoSlDAAvgt836XMiSi_XuTNk2A");
  });
});
