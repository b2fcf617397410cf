import { recordAudit } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import type { Viewer } from "../shared/viewer.ts";

/**
 * Logs that a team member was shown confidential claims: one `confidential.read` audit entry
 * with ids only, never values (ASVS 5.0 V16.2.x; STYLE.md §14). Call it at the edge, after the
 * claims were read and before they are sent; it opens its own short transaction.
 */
export async function auditConfidentialReads(
  db: Db,
  viewer: Viewer,
  claims: readonly { id: string; entityId: string; visibility: string }[],
): Promise<void> {
  if (viewer.kind !== "user") return;
  const read = claims.filter((c) => c.visibility === "confidential");
  if (read.length === 0) return;
  await db.transaction().execute((trx) =>
    recordAudit(trx, viewer, {
      action: "confidential.read",
      objectType: "claim",
      objectId: read[0]!.id,
      details: { count: read.length, claimIds: read.slice(0, 500).map((c) => c.id), entityIds: [...new Set(read.map((c) => c.entityId))].slice(0, 100) },
    }),
  );
}
