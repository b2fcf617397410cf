import type { Db, Trx } from "../db/index.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { checkChainSegment, GENESIS_HASH, hashAuditEntry, type ChainProblem } from "./audit.chain.ts";
import { findAuditHashBySeq, findAuditHead, findAuditPage, hasAuditedData, insertAuditEntry, lockAuditChain } from "./audit.repository.ts";
import { readAuditWitness, removeAuditWitness, writeAuditWitness } from "./audit.witness.ts";
import { commitmentRoot } from "./commitment.ts";
import { bindPendingCommitments, findPendingCommitments, insertBoundCommitments } from "./commitment.repository.ts";
import { takeHeldCommitments } from "./commitment.service.ts";

/** What an audit entry records: the action, its object, and ids-only details. */
export interface AuditInput {
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
}

/**
 * Appends an entry to the hash-chained audit log inside the caller's transaction, so the entry
 * exists exactly when the change it records does. The versions this transaction committed so far
 * (`commitVersions`) are bound to the entry: their count and root go into its details, which its
 * hash covers.
 */
export async function recordAudit(trx: Trx, viewer: Viewer, input: AuditInput): Promise<void> {
  await recordAuditAs(trx, actorName(viewer), input);
}

/** `recordAudit` for an actor known only by name (a custody event's actor). */
export async function recordAuditAs(trx: Trx, actor: string, input: AuditInput): Promise<void> {
  await lockAuditChain(trx);
  const head = await findAuditHead(trx);
  const seq = String(head ? BigInt(head.seq) + 1n : 1n);
  // Stored pending (`commitVersions`) and held in memory (`commitNewVersions`): one root over both.
  const pending = await findPendingCommitments(trx);
  const held = takeHeldCommitments(trx);
  const commits = held.length === 0 ? pending : [...pending, ...held];
  const details = commits.length === 0 ? (input.details ?? {}) : { ...input.details, commits: { count: commits.length, root: commitmentRoot(commits) } };
  const entry = {
    seq,
    at: new Date(),
    actor,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId,
    details,
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
  if (pending.length > 0) await bindPendingCommitments(trx, seq);
  if (held.length > 0) await insertBoundCommitments(trx, held, seq);
}

/** Result of checking the whole audit chain. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: ChainProblem[];
}

/**
 * Re-computes every entry's hash in order and reports each break in the chain. With the data
 * directory, the entry named by its witness (a copy of an earlier head kept outside the
 * database) must still exist unchanged, so entries cut off the end are reported too.
 */
export async function verifyAuditChain(db: Db, options: { dataDir?: string } = {}): Promise<AuditVerification> {
  let state = { prevHash: GENESIS_HASH, prevSeq: 0n };
  let after: string | null = null;
  let checked = 0;
  const problems: ChainProblem[] = [];
  const hashes = new Map<string, string>();
  const witness = options.dataDir ? readAuditWitness(options.dataDir) : undefined;
  for (;;) {
    const page = await findAuditPage(db, after, 5000);
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
    // One problem per entry: an entry already reported (inserted, altered) needs no second line.
    const reported = new Set(res.problems.map((p) => p.seq));
    for (const r of page) {
      if (r.at_sub_ms !== 0 && !reported.has(String(r.seq))) problems.push({ seq: String(r.seq), message: `entry ${r.seq} was altered: its time is not the one it was written with` });
      if (witness && String(r.seq) === witness.seq) hashes.set(witness.seq, r.hash);
    }
    state = res.state;
    after = String(page[page.length - 1]!.seq);
    checked += page.length;
  }
  if (witness) {
    const found = hashes.get(witness.seq);
    if (found === undefined) {
      problems.push({
        seq: witness.seq,
        message: `entry ${witness.seq} is missing: it was the newest entry on ${witness.at}, so entries were removed from the log`,
      });
    } else if (found !== witness.hash) {
      problems.push({
        seq: witness.seq,
        message: `entry ${witness.seq} was replaced: its hash differs from the copy kept outside the database on ${witness.at}`,
      });
    }
  }
  if (checked === 0 && (await hasAuditedData(db))) {
    problems.push({ seq: "0", message: "the audit log is empty, but the database holds records whose creation it must show: its entries were removed" });
  }
  problems.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : BigInt(a.seq) > BigInt(b.seq) ? 1 : 0));
  return { ok: problems.length === 0, checked, problems };
}

/**
 * Moves the data directory's witness forward to the current head, but only along an intact
 * chain end: when the entry it names is gone or changed, the witness is kept as evidence.
 */
export async function advanceAuditWitness(db: Db, dataDir: string): Promise<void> {
  const head = await findAuditHead(db);
  if (!head) return;
  const witness = readAuditWitness(dataDir);
  if (witness) {
    if (BigInt(head.seq) <= BigInt(witness.seq)) return;
    if ((await findAuditHashBySeq(db, witness.seq)) !== witness.hash) return;
  }
  writeAuditWitness(dataDir, { seq: String(head.seq), hash: head.hash });
}

/** Replaces the witness with the current head (after a restore brought in a whole new chain). */
export async function resetAuditWitness(db: Db, dataDir: string): Promise<void> {
  removeAuditWitness(dataDir);
  await advanceAuditWitness(db, dataDir);
}
