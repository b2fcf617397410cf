import { createHash } from "node:crypto";
import { canonicalJson } from "../shared/canonical-json.ts";

/** The hash of the (virtual) entry before the first one. */
export const GENESIS_HASH = "0".repeat(64);

/** The fields of an audit entry that its hash commits to. */
export interface AuditEntryContent {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  details: Record<string, unknown>;
  prevHash: string;
}

/** SHA-256 over the canonical JSON of an entry, including the previous entry's hash. */
export function hashAuditEntry(e: AuditEntryContent): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        seq: String(e.seq),
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        objectType: e.objectType,
        objectId: e.objectId,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest("hex");
}

/** One problem found while checking the chain. */
export interface ChainProblem {
  seq: string;
  message: string;
}

/**
 * Checks a run of entries in order against the expected previous hash and sequence; returns the
 * problems and the state to continue from, so that the log can be checked page by page.
 */
export function checkChainSegment(
  entries: readonly AuditEntryContent[] & readonly { hash: string }[],
  state: { prevHash: string; prevSeq: bigint },
): { problems: ChainProblem[]; state: { prevHash: string; prevSeq: bigint } } {
  const problems: ChainProblem[] = [];
  let { prevHash, prevSeq } = state;
  for (const e of entries as readonly (AuditEntryContent & { hash: string })[]) {
    const seq = BigInt(e.seq);
    if (seq <= prevSeq) {
      // Not part of the chain: report it and check the entries after it against the real chain.
      problems.push({ seq: e.seq, message: `entry ${e.seq} is out of place (the chain starts at 1 and has no duplicates): an entry was inserted` });
      continue;
    }
    if (seq !== prevSeq + 1n) {
      problems.push({ seq: e.seq, message: `entry ${e.seq} follows ${prevSeq}: entries are missing` });
    }
    if (e.prevHash !== prevHash) {
      problems.push({ seq: e.seq, message: `entry ${e.seq} does not point to the previous entry's hash` });
    }
    if (safeHash(e) !== e.hash) {
      problems.push({ seq: e.seq, message: `entry ${e.seq} was altered: its content does not match its hash` });
    }
    prevHash = e.hash;
    prevSeq = seq;
  }
  return { problems, state: { prevHash, prevSeq } };
}

// A time altered to something a Date cannot render (`infinity`) must read as an alteration,
// not crash the check.
function safeHash(e: AuditEntryContent): string | undefined {
  try {
    return hashAuditEntry(e);
  } catch {
    return undefined;
  }
}
