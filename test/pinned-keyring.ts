/**
 * A known key for tests that pin values derived from it (keyed hashes, tags, MACs must not change
 * across versions of Sabt): installed as the primary key for one test file, the earlier primary
 * restored afterwards.
 */
import { afterAll, beforeAll } from "vitest";
import { activeKeyring, hasKeyring, installKeyring, type Keyring } from "../src/crypto/index.ts";

/** Installs a primary key of 32 bytes of 7 under this id for the file's tests. */
export function usePinnedKeyring(id: string): void {
  let before: Keyring | undefined;
  beforeAll(() => {
    before = hasKeyring() ? activeKeyring() : undefined;
    installKeyring({ primaryId: id, keys: new Map([[id, Buffer.alloc(32, 7)]]) });
  });
  afterAll(() => {
    if (before) installKeyring(before);
  });
}
