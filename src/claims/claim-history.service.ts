import type { Db } from "../db/index.ts";
import { getRevision, listVisibleRevisions, type Revision } from "../history/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { openClaimSnapshot } from "./claim.seal.ts";

/** The versions of a claim a viewer may see, oldest first, confidential values opened. */
export async function listClaimRevisions(db: Db, viewer: Viewer, claimId: string): Promise<Revision[]> {
  return listVisibleRevisions(db, viewer, "claim", claimId, openClaimSnapshot);
}

/**
 * One version of a claim, its value opened (for revert).
 * @throws SabtError not_found when that version does not exist.
 */
export async function getClaimRevision(db: Db, claimId: string, version: number): Promise<Revision> {
  return getRevision(db, "claim", claimId, version, openClaimSnapshot);
}
