import type { Db } from "../db/index.ts";
import { getRevision, type Revision } from "../history/index.ts";
import { openClaimSnapshot } from "./claim.seal.ts";

/**
 * One version of a claim, its value opened (for revert).
 * @throws SabtError not_found when that version does not exist.
 */
export async function getClaimRevision(db: Db, claimId: string, version: number): Promise<Revision> {
  return getRevision(db, "claim", claimId, version, openClaimSnapshot);
}
