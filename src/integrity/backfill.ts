import { commitVersions, LOST_VERSION, recordAuditAs, type Commitment } from "../audit/index.ts";
import { findCustodyHashesPage } from "../archive/index.ts";
import { openClaimSnapshot, claimVersionDigest } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { entityVersionDigest, openEntitySnapshot } from "../entities/index.ts";
import { findCurrentSnapshots, findObjectIdsPage, findRevisionsOf } from "../history/index.ts";
import { isBackfillDue, markBackfillDone } from "./integrity.repository.ts";

const PAGE = 1000;
const ACTOR = "system:integrity-backfill";

const DIGEST = {
  claim: (id: string, s: Record<string, unknown>) => claimVersionDigest(openClaimSnapshot(id, s)),
  entity: (id: string, s: Record<string, unknown>) => entityVersionDigest(openEntitySnapshot(id, s)),
} as const;

/** The commitments of one page of claims or entities as they are stored now. */
async function pageCommitments(db: Db, kind: "claim" | "entity", ids: readonly string[]): Promise<Commitment[]> {
  const [current, revisions] = await Promise.all([findCurrentSnapshots(db, kind, ids), findRevisionsOf(db, kind, ids)]);
  const out: Commitment[] = [];
  for (const [id, snap] of current) {
    const version = Number(snap.version);
    out.push({ objectType: kind, objectId: id, version, digest: DIGEST[kind](id, snap) });
    const kept = new Set<number>();
    for (const r of revisions.get(id) ?? []) {
      if (r.version === version) continue;
      kept.add(r.version);
      out.push({ objectType: kind, objectId: id, version: r.version, digest: DIGEST[kind](id, r.snapshot) });
    }
    // Before 0011 an entity created by an import lost its first version when it was edited; the
    // commitment records that gap, so that it is not taken for a deletion.
    for (let v = 1; v < version; v++) if (!kept.has(v)) out.push({ objectType: kind, objectId: id, version: v, digest: LOST_VERSION });
  }
  return out;
}

/**
 * Makes the commitments of every version and custody event written before migration 0011, once
 * (the migration marks them due), in pages of one short transaction each, each bound by an audit
 * entry of its own. What is stored at this moment is what gets committed: tampering from before
 * cannot be told apart from history any more, which is why this runs at the first start after
 * the upgrade, before anything else touches the database.
 * @returns how many commitments were made (0 when nothing was due).
 */
export async function commitExistingVersions(db: Db): Promise<number> {
  if (!(await isBackfillDue(db))) return 0;
  let made = 0;
  for (const kind of ["entity", "claim"] as const) {
    let after = "";
    for (;;) {
      const ids = await findObjectIdsPage(db, kind, after, PAGE);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      made += await db.transaction().execute(async (trx) => {
        const cs = await pageCommitments(trx, kind, ids);
        await commitVersions(trx, cs);
        await recordAuditAs(trx, ACTOR, { action: "integrity.backfill", objectType: kind, objectId: ids[0]!, details: { objects: ids.length } });
        return cs.length;
      });
    }
  }
  let afterItem: string | null = null;
  for (;;) {
    const page = await findCustodyHashesPage(db, afterItem, PAGE);
    if (page.length === 0) break;
    afterItem = page[page.length - 1]!.itemId;
    const cs = page.flatMap((p) => [...p.hashes].map(([seq, hash]) => ({ objectType: "custody", objectId: p.itemId, version: seq, digest: hash })));
    made += await db.transaction().execute(async (trx) => {
      await commitVersions(trx, cs);
      await recordAuditAs(trx, ACTOR, { action: "integrity.backfill", objectType: "archive_item", objectId: page[0]!.itemId, details: { objects: page.length } });
      return cs.length;
    });
  }
  await db.transaction().execute((trx) => markBackfillDone(trx));
  return made;
}
