/** Keys derived for one purpose each must not change across versions: stored tags and MACs depend on them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeKeyring, checkIntegrityTag, hasKeyring, installKeyring, integrityTag, sealedTermMacs, type Keyring } from "./index.ts";

let before: Keyring | undefined;
beforeAll(() => {
  before = hasKeyring() ? activeKeyring() : undefined;
  installKeyring({ primaryId: "pinned-crypto", keys: new Map([["pinned-crypto", Buffer.alloc(32, 7)]]) });
});
afterAll(() => {
  if (before) installKeyring(before);
});

describe("keys derived from the primary key", () => {
  it("give the same integrity tags and blind-index MACs as ever", () => {
    expect(integrityTag("fictional")).toBe("pinned-crypto:WAZu4pxWHcgoiMBInFn_aGGgqWVXaSm_pEGrObbKIjc");
    expect(checkIntegrityTag("fictional", "pinned-crypto:WAZu4pxWHcgoiMBInFn_aGGgqWVXaSm_pEGrObbKIjc")).toBe("ok");
    expect(sealedTermMacs(["fictional"])).toEqual(["Iyyta3rCiouaY6Fa2UseLw"]);
  });
});
