import type { Db } from "../db/index.ts";
import { authorize } from "../shared/policy.ts";
import type { Viewer } from "../shared/viewer.ts";
import { findAuditActions, findAuditEntries } from "./audit-page.repository.ts";

/** One audit entry as the audit page shows it (the chain's hashes stay on the server). */
export interface AuditEntry {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  details: Record<string, unknown>;
}

/** Which entries to list; every part is optional. */
export interface AuditQuery {
  /** An actor exactly as recorded (`user:<id>`, `system:cli:…`). */
  actor?: string | undefined;
  /** Record ids: the entries about these records or naming them. */
  objectIds?: readonly string[] | undefined;
  /** An action (`user.disable`) or a group of them (`user`). */
  action?: string | undefined;
  /** Only entries older than this sequence number (the next page). */
  before?: string | undefined;
  limit?: number | undefined;
}

/** A page of the audit log, newest first, with the cursor of the next (older) page. */
export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` for the next page; undefined on the last page. */
  next: string | undefined;
}

/** Reads a page of the audit log newest first (admins only): the log names who did what to which record. */
export async function listAuditEntries(db: Db, viewer: Viewer, query: AuditQuery = {}): Promise<AuditPage> {
  authorize(viewer, "admin");
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const before = query.before !== undefined && /^\d{1,19}$/.test(query.before) ? query.before : undefined;
  // One more than asked tells whether an older page exists.
  const rows = await findAuditEntries(db, { actor: query.actor, objectIds: query.objectIds, action: query.action, beforeSeq: before, limit: limit + 1 });
  const entries = rows.slice(0, limit).map((r) => ({
    seq: String(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    details: r.details,
  }));
  return { entries, next: rows.length > limit ? entries[entries.length - 1]?.seq : undefined };
}

/** The actions the log holds so far (admins only), for the page's filter. */
export async function listAuditActions(db: Db, viewer: Viewer): Promise<string[]> {
  authorize(viewer, "admin");
  return findAuditActions(db);
}
