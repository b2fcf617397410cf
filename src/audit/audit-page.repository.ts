import { sql } from "kysely";
import type { AuditRow, Db } from "../db/index.ts";

/** Which audit entries to read: by actor, by record ids, by action (or action group), older than a sequence number. */
export interface AuditFilterRow {
  actor?: string | undefined;
  objectIds?: readonly string[] | undefined;
  action?: string | undefined;
  beforeSeq?: string | undefined;
  limit: number;
}

/**
 * Audit entries newest first. A record id matches an entry about it (`object_id`) or an entry
 * that names it among the entities it touched (`details.entityIds`, written by claim changes).
 * An action matches itself or, as a group, every action under it (`user` matches `user.disable`).
 */
export async function findAuditEntries(db: Db, f: AuditFilterRow): Promise<AuditRow[]> {
  let q = db.selectFrom("audit_log").selectAll().orderBy("seq", "desc").limit(f.limit);
  if (f.beforeSeq !== undefined) q = q.where("seq", "<", f.beforeSeq);
  if (f.actor !== undefined) q = q.where("actor", "=", f.actor);
  if (f.action !== undefined) {
    const group = `${f.action.replace(/[\\%_]/g, (ch) => `\\${ch}`)}.%`;
    q = q.where((eb) => eb.or([eb("action", "=", f.action!), eb("action", "like", group)]));
  }
  const ids = f.objectIds;
  if (ids !== undefined) {
    if (ids.length === 0) return [];
    q = q.where((eb) =>
      eb.or([eb("object_id", "in", ids), eb(sql<boolean>`(details->'entityIds') ?| array[${sql.join(ids.map((i) => sql.val(i)))}]::text[]`, "=", true)]),
    );
  }
  return q.execute();
}

/** The distinct actions recorded so far, for the filter's list. */
export async function findAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}
