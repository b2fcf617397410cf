import type { Db } from "../db/index.ts";
import { forbidden, notFound } from "../shared/errors.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { findRevision, findRevisions } from "./revision.repository.ts";

/** One version of an entity or claim, as the history views show it. */
export interface Revision {
  objectType: string;
  objectId: string;
  version: number;
  action: string;
  author: string;
  reason: string | null;
  createdAt: Date;
  snapshot: Record<string, unknown>;
}

/** Lists every version of an object, oldest first. */
export async function listRevisions(db: Db, objectType: string, objectId: string): Promise<Revision[]> {
  return (await findRevisions(db, objectType, objectId)).map(rowToRevision);
}

/**
 * Returns one version of an object.
 * @throws SabtError not_found when that version does not exist.
 */
export async function getRevision(db: Db, objectType: string, objectId: string, version: number): Promise<Revision> {
  const row = await findRevision(db, objectType, objectId, version);
  if (!row) throw notFound(`Version ${version} of ${objectType} ${objectId}`);
  return rowToRevision(row);
}

function rowToRevision(r: Awaited<ReturnType<typeof findRevisions>>[number]): Revision {
  return {
    objectType: r.object_type,
    objectId: r.object_id,
    version: r.version,
    action: r.action,
    author: r.author,
    reason: r.reason,
    createdAt: r.created_at,
    snapshot: r.snapshot,
  };
}

/**
 * The versions of an object a viewer may see: history is for signed-in team members, and a
 * version whose visibility was higher than the viewer's clearance is left out (a value once
 * confidential stays protected even after it was made public).
 */
export async function listVisibleRevisions(db: Db, viewer: Viewer, objectType: string, objectId: string): Promise<Revision[]> {
  if (viewer.kind === "anonymous") throw forbidden("Sign in to see the history");
  const allowed = readableVisibilities(viewer) as readonly string[];
  return (await listRevisions(db, objectType, objectId)).filter((r) => allowed.includes(String(r.snapshot.visibility ?? "team")));
}
