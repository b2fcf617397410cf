import type { Db } from "../db/index.ts";
import { listVisibleRevisions, type Revision } from "../history/index.ts";
import type { Viewer } from "../shared/viewer.ts";
import { openEntitySnapshot } from "./entity.seal.ts";

/** The versions of an entity a viewer may see, oldest first, a confidential label opened. */
export async function listEntityRevisions(db: Db, viewer: Viewer, entityId: string): Promise<Revision[]> {
  return listVisibleRevisions(db, viewer, "entity", entityId, openEntitySnapshot);
}
