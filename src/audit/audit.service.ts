import type { Db, Trx } from "../db/index.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { checkChainSegment, GENESIS_HASH, hashAuditEntry, type ChainProblem } from "./audit.chain.ts";
import { findAuditHead, findAuditPage, insertAuditEntry, lockAuditChain } from "./audit.repository.ts";

/** What an audit entry records: the action, its object, and ids-only details. */
export interface AuditInput {
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
}

/**
 * Appends an entry to the hash-chained audit log inside the caller's transaction, so the entry
 * exists exactly when the change it records does.
 */
export async function recordAudit(trx: Trx, viewer: Viewer, input: AuditInput): Promise<void> {
  await lockAuditChain(trx);
  const head = await findAuditHead(trx);
  const seq = String(head ? BigInt(head.seq) + 1n : 1n);
  const entry = {
    seq,
    at: new Date(),
    actor: actorName(viewer),
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    details: input.details ?? {},
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  await insertAuditEntry(trx, {
    seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    object_type: entry.objectType,
    object_id: entry.objectId,
    details: JSON.stringify(entry.details),
    prev_hash: entry.prevHash,
    hash: hashAuditEntry(entry),
  });
}

/** Result of checking the whole audit chain. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: ChainProblem[];
}

/** Re-computes every entry's hash in order and reports each break in the chain. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let state = { prevHash: GENESIS_HASH, prevSeq: 0n };
  let checked = 0;
  const problems: ChainProblem[] = [];
  for (;;) {
    const page = await findAuditPage(db, String(state.prevSeq), 5000);
    if (page.length === 0) break;
    const entries = page.map((r) => ({
      seq: String(r.seq),
      at: r.at,
      actor: r.actor,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const res = checkChainSegment(entries, state);
    problems.push(...res.problems);
    state = res.state;
    checked += page.length;
  }
  return { ok: problems.length === 0, checked, problems };
}
