import { commitVersions, recordAuditAs } from "../audit/index.ts";
import type { Db, Trx } from "../db/index.ts";
import { notFound } from "../shared/errors.ts";
import {
  findArchiveItemById,
  findArchiveItemsPage,
  lockArchiveItemById,
  updateArchiveItemCustodyHead,
} from "./archive.repository.ts";
import {
  checkCustodyChain,
  CUSTODY_GENESIS,
  hashCustodyEvent,
  type CustodyAction,
  type CustodyCheck,
} from "./custody.chain.ts";
import type { CustodyRow } from "../db/index.ts";
import { findCustodyEventsByItem, findCustodyEventsByItems, insertCustodyEvent } from "./custody.repository.ts";

/** One custody event as exported and shown. */
export interface CustodyEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * Appends a custody event to an item's chain inside the caller's transaction. The item row is
 * locked first, so two writers cannot both extend the same head (the chain never forks).
 * @throws SabtError not_found when the item does not exist.
 */
export async function appendCustody(
  trx: Trx,
  itemId: string,
  actor: string,
  action: CustodyAction,
  details: Record<string, unknown> = {},
): Promise<CustodyEntry> {
  const item = await lockArchiveItemById(trx, itemId);
  if (!item) throw notFound(`archive item ${itemId}`);
  const seq = item.custody_count + 1;
  // Millisecond precision, because the hash is computed over the ISO string that a round trip
  // through timestamptz (microseconds) must reproduce exactly.
  const at = new Date(Math.floor(Date.now()));
  const event = { itemId, seq, at, actor, action, details, prevHash: item.custody_head };
  const hash = hashCustodyEvent(event);
  await insertCustodyEvent(trx, {
    item_id: itemId,
    seq,
    at,
    actor,
    action,
    details: JSON.stringify(details),
    prev_hash: item.custody_head,
    hash,
  });
  await updateArchiveItemCustodyHead(trx, itemId, seq, hash);
  await commitCustodyEvent(trx, itemId, seq, hash, actor, action);
  return { seq, at: at.toISOString(), actor, action, details, prevHash: item.custody_head, hash };
}

/**
 * Builds the first ("ingested") custody event of a new item, so that the item row can be
 * inserted with its custody head already set: two statements instead of four per intake.
 */
export function firstCustodyEvent(itemId: string, actor: string, details: Record<string, unknown>, at: Date) {
  const event = {
    itemId,
    seq: 1,
    at: new Date(Math.floor(at.getTime())),
    actor,
    action: "ingested" as const,
    details,
    prevHash: CUSTODY_GENESIS,
  };
  return { event, hash: hashCustodyEvent(event) };
}

/** Inserts the first custody event built by firstCustodyEvent (the item row already holds its head). */
export async function insertFirstCustody(
  trx: Trx,
  first: ReturnType<typeof firstCustodyEvent>,
): Promise<void> {
  const e = first.event;
  await insertCustodyEvent(trx, {
    item_id: e.itemId,
    seq: 1,
    at: e.at,
    actor: e.actor,
    action: e.action,
    details: JSON.stringify(e.details),
    prev_hash: e.prevHash,
    hash: first.hash,
  });
  await commitCustodyEvent(trx, e.itemId, 1, first.hash, e.actor, e.action);
}

/**
 * Binds a custody event to the audit chain: its hash is committed like a version, with an audit
 * entry of its own. The per-item chain shows an altered or missing event in the middle, but the
 * last event deleted together with a rewritten item head leaves a shorter chain that is intact;
 * the commitment in the audit log still names that event (issue 13).
 */
async function commitCustodyEvent(trx: Trx, itemId: string, seq: number, hash: string, actor: string, action: string): Promise<void> {
  await commitVersions(trx, [{ objectType: "custody", objectId: itemId, version: seq, digest: hash }]);
  await recordAuditAs(trx, actor, { action: `custody.${action}`, objectType: "archive_item", objectId: itemId, details: { seq } });
}

/** Records a custody event in its own short transaction (e.g. "viewed by" from a page view). */
export async function recordCustodyEvent(
  db: Db,
  itemId: string,
  actor: string,
  action: CustodyAction,
  details: Record<string, unknown> = {},
): Promise<CustodyEntry> {
  return db.transaction().execute((trx) => appendCustody(trx, itemId, actor, action, details));
}

/** An item's custody log in order. */
export async function getCustodyLog(db: Db, itemId: string): Promise<CustodyEntry[]> {
  const rows = await findCustodyEventsByItem(db, itemId);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/**
 * Re-verifies an item's custody chain from the stored rows: hashes recompute, links hold, the
 * numbering is complete and the log ends where the item says it does.
 * @throws SabtError not_found when the item does not exist.
 */
export async function verifyCustody(db: Db, itemId: string): Promise<CustodyCheck> {
  const item = await findArchiveItemById(db, itemId);
  if (!item) throw notFound(`archive item ${itemId}`);
  const rows = await findCustodyEventsByItem(db, itemId);
  return checkCustodyChain(rows.map(custodyRowToEvent), { count: item.custody_count, head: item.custody_head });
}

/** Maps a stored custody row to the event shape the chain check hashes. */
export function custodyRowToEvent(r: CustodyRow) {
  return {
    itemId: r.item_id,
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * A page of archive items (by id, after `afterId`) with the hash of each of their custody events
 * by sequence number, for checking the log against the commitments in the audit chain.
 */
export async function findCustodyHashesPage(db: Db, afterId: string | null, limit: number): Promise<{ itemId: string; hashes: Map<number, string> }[]> {
  const items = await findArchiveItemsPage(db, afterId, limit);
  const out = new Map(items.map((i) => [i.id, new Map<number, string>()]));
  for (const e of await findCustodyEventsByItems(db, items.map((i) => i.id))) out.get(e.item_id)?.set(e.seq, e.hash);
  return [...out].map(([itemId, hashes]) => ({ itemId, hashes }));
}
