import type { Db, Trx } from "../db/index.ts";
import { forbidden, notFound } from "../shared/errors.ts";
import { strictestVisibility } from "../shared/policy.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { findCurrentVersion, findEntityVisibilities, findRevision, findRevisions, rewriteRevisionSnapshot } from "./revision.repository.ts";

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

/**
 * Opens a stored snapshot for reading. Snapshots copy the stored row, so a confidential value is
 * sealed in them too; the owner of the object type (claims/, entities/) knows how to open it, and
 * history stays below both.
 */
export type SnapshotOpener = (objectId: string, snapshot: Record<string, unknown>) => Record<string, unknown>;

const asStored: SnapshotOpener = (_id, snapshot) => snapshot;

/** Lists every version of an object, oldest first, each snapshot opened by `open`. */
export async function listRevisions(db: Db, objectType: string, objectId: string, open: SnapshotOpener = asStored): Promise<Revision[]> {
  const rows = await findRevisions(db, objectType, objectId);
  if (objectType === "claim" || objectType === "entity") {
    const current = await findCurrentVersion(db, objectType, objectId);
    // A version not superseded yet has no revision row (bulk imports write none): show it as the
    // last version.
    if (current && !rows.some((r) => r.version === current.version)) rows.push(current);
  }
  return rows.map((r) => rowToRevision(r, open));
}

/**
 * Returns one version of an object.
 * @throws SabtError not_found when that version does not exist.
 */
export async function getRevision(db: Db, objectType: string, objectId: string, version: number, open: SnapshotOpener = asStored): Promise<Revision> {
  let row = await findRevision(db, objectType, objectId, version);
  if (!row && (objectType === "claim" || objectType === "entity")) {
    const current = await findCurrentVersion(db, objectType, objectId);
    if (current?.version === version) row = current;
  }
  if (!row) throw notFound(`Version ${version} of ${objectType} ${objectId}`);
  return rowToRevision(row, open);
}

function rowToRevision(r: Awaited<ReturnType<typeof findRevisions>>[number], open: SnapshotOpener): Revision {
  return {
    objectType: r.object_type,
    objectId: r.object_id,
    version: r.version,
    action: r.action,
    author: r.author,
    reason: r.reason,
    createdAt: r.created_at,
    snapshot: open(r.object_id, r.snapshot),
  };
}

/**
 * The versions of an object a viewer may see: history is for signed-in team members, and a
 * version whose visibility was higher than the viewer's clearance is left out (a value once
 * confidential stays protected even after it was made public). A claim's version is also never
 * more visible than its entity, nor than the entity its value named (issue 13), as they are now.
 */
export async function listVisibleRevisions(db: Db, viewer: Viewer, objectType: string, objectId: string, open: SnapshotOpener = asStored): Promise<Revision[]> {
  if (viewer.kind === "anonymous") throw forbidden("Sign in to see the history");
  const allowed = readableVisibilities(viewer) as readonly string[];
  const revisions = await listRevisions(db, objectType, objectId, open);
  const named = revisions.flatMap((r) => [r.snapshot.entity_id, r.snapshot.ref_id].filter((x) => typeof x === "string"));
  const bounds = objectType === "claim" ? await findEntityVisibilities(db, named) : undefined;
  return revisions.filter((r) => allowed.includes(versionVisibility(r, bounds)));
}

/** The visibility one version is read at; an entity that no longer exists counts as confidential. */
function versionVisibility(r: Revision, entities: ReadonlyMap<string, string> | undefined): string {
  const own = typeof r.snapshot.visibility === "string" ? r.snapshot.visibility : "team";
  if (!entities) return own;
  const { entity_id: entity, ref_id: ref } = r.snapshot;
  return strictestVisibility(
    own,
    typeof entity === "string" ? entities.get(entity) : undefined,
    ...(typeof ref === "string" ? [entities.get(ref)] : []),
  );
}

/**
 * Seals the earlier versions of an object whose value became confidential: each stored snapshot
 * is passed through `sealSnapshot` (owned by claims/ or entities/, which know what to seal) and
 * rewritten when that changes it. Snapshots already sealed come back unchanged and are left alone.
 */
export async function sealHistory(
  trx: Trx,
  objectType: "claim" | "entity",
  objectId: string,
  sealSnapshot: (snapshot: Record<string, unknown>) => Record<string, unknown>,
): Promise<number> {
  let sealed = 0;
  for (const r of await findRevisions(trx, objectType, objectId)) {
    const next = sealSnapshot(r.snapshot);
    if (next === r.snapshot) continue;
    await rewriteRevisionSnapshot(trx, objectType, objectId, r.version, next);
    sealed++;
  }
  return sealed;
}
