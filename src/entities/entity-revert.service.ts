import { z } from "zod";
import { isSealed } from "../crypto/index.ts";
import type { Trx } from "../db/index.ts";
import { getRevision } from "../history/index.ts";
import { notFound, validationError } from "../shared/errors.ts";
import { strictestVisibility } from "../shared/policy.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { editEntity, getEntity } from "./entity.service.ts";
import { openEntitySnapshot } from "./entity.seal.ts";
import type { Entity } from "./entity.types.ts";

/** Body of "give an entity back the label of an earlier version", at the version the member saw. */
export const EntityLabelRevertSchema = z.strictObject({
  version: z.number().int().min(1),
  toVersion: z.number().int().min(1),
  reason: z.string().max(1000).optional(),
});
export type EntityLabelRevertReq = z.infer<typeof EntityLabelRevertSchema>;

/**
 * Gives an entity the label of an earlier version, as a new version through `editEntity` (so the
 * stale-version check, sealing and audit are the edit's own; history is never rewritten). Only
 * the label: the visibility is left as it is now, since widening it back is a decision of its own.
 * @throws SabtError stale_version when the entity changed since `version`; not_found when the
 *   earlier version does not exist or is above the viewer's clearance; validation_failed when
 *   `toVersion` is not earlier.
 */
export async function revertEntityLabel(trx: Trx, viewer: Viewer, entityId: string, req: EntityLabelRevertReq): Promise<Entity> {
  const current = await getEntity(trx, viewer, entityId);
  if (req.toVersion >= current.version && req.version === current.version) throw validationError("toVersion: must be an earlier version");
  const stored = await getRevision(trx, "entity", current.id, req.toVersion);
  const label = stored.snapshot.label;
  const visibility = strictestVisibility(
    typeof stored.snapshot.visibility === "string" ? stored.snapshot.visibility : "team",
    isSealed(label) ? "confidential" : "public",
  );
  if (!readableVisibilities(viewer).includes(visibility)) throw notFound(`Version ${req.toVersion}`);
  const opened = openEntitySnapshot(current.id, stored.snapshot).label;
  if (typeof opened !== "string") throw notFound(`Version ${req.toVersion}`);
  return editEntity(trx, viewer, current.id, {
    version: req.version,
    label: opened,
    reason: req.reason ?? `revert label to version ${req.toVersion}`,
  });
}
