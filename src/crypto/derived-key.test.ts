/** Keys derived for one purpose each must not change across versions: stored tags and MACs depend on them. */
import { describe, expect, it } from "vitest";
import { usePinnedKeyring } from "../../test/pinned-keyring.ts";
import { checkIntegrityTag, integrityTag, sealedTermMacs } from "./index.ts";

usePinnedKeyring("pinned-crypto");

describe("keys derived from the primary key", () => {
  it("give the same integrity tags and blind-index MACs as ever", () => {
    expect(integrityTag("fictional")).toBe("pinned-crypto:WAZu4pxWHcgoiMBInFn_aGGgqWVXaSm_pEGrObbKIjc");
    expect(checkIntegrityTag("fictional", "pinned-crypto:WAZu4pxWHcgoiMBInFn_aGGgqWVXaSm_pEGrObbKIjc")).toBe("ok");
    expect(sealedTermMacs(["fictional"])).toEqual(["Iyyta3rCiouaY6Fa2UseLw"]);
  });
});
