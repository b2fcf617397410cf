import type { Revision } from "./revision.service.ts";

/** The fields of a revision that leave the server (team side only). */
export function presentRevision(r: Revision) {
  return {
    version: r.version,
    action: r.action,
    author: r.author,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    snapshot: r.snapshot,
  };
}
