import { createHash } from "node:crypto";

/** One commitment: a version of an object and its digest. */
export interface Commitment {
  objectType: string;
  objectId: string;
  version: number;
  digest: string;
}

/** The digest written for a version whose content was lost before commitments existed (migration 0011). */
export const LOST_VERSION = "-";

/** Orders commitments as their root is computed: by object type, id (code point order), version. */
export function compareCommitments(a: Commitment, b: Commitment): number {
  if (a.objectType !== b.objectType) return a.objectType < b.objectType ? -1 : 1;
  if (a.objectId !== b.objectId) return a.objectId < b.objectId ? -1 : 1;
  return a.version - b.version;
}

/**
 * The root an audit entry records over the commitments of its transaction: SHA-256 over one line
 * per commitment, in `compareCommitments` order. The entry's hash covers the root, so a
 * commitment changed, added or removed after the fact no longer matches the chain.
 */
export function commitmentRoot(commitments: readonly Commitment[]): string {
  const h = createHash("sha256");
  for (const c of [...commitments].sort(compareCommitments)) h.update(`${c.objectType}\t${c.objectId}\t${c.version}\t${c.digest}\n`);
  return h.digest("hex");
}
