import type { Db, Trx } from "../db/index.ts";
import { commitmentRoot, type Commitment } from "./commitment.ts";
import { findBoundCommitmentsPage, findCommittingAuditEntries, findUnboundCommitments, insertCommitments } from "./commitment.repository.ts";

/**
 * Commits versions in the caller's transaction: their digests are stored now and bound to the
 * next audit entry the transaction records (every change records one).
 */
export async function commitVersions(trx: Trx, commitments: readonly Commitment[]): Promise<void> {
  if (commitments.length > 0) await insertCommitments(trx, commitments);
}

/** One problem with the binding of commitments to the audit log. */
export interface BindingProblem {
  where: string;
  message: string;
}

/**
 * Checks that the commitments bound to each audit entry are exactly those the entry's root was
 * computed over, and that none is left unbound. The audit chain itself is checked by
 * `verifyAuditChain`; together they make a commitment impossible to change, add or remove
 * unseen, so the digests can be trusted when rows are checked against them.
 */
export async function verifyCommitmentBindings(db: Db): Promise<{ checked: number; problems: BindingProblem[] }> {
  const problems: BindingProblem[] = [];
  const entries = new Map((await findCommittingAuditEntries(db)).map((e) => [e.seq, e]));
  const seen = new Set<string>();
  let checked = 0;
  let group: Commitment[] = [];
  let groupSeq: string | null = null;
  const closeGroup = () => {
    if (groupSeq === null) return;
    seen.add(groupSeq);
    const e = entries.get(groupSeq);
    const first = group[0]!;
    if (!e) {
      problems.push({ where: `${first.objectType} ${first.objectId}`, message: `its version ${first.version} is bound to audit entry ${groupSeq}, which commits to no versions: the commitment was forged` });
    } else if (e.count !== group.length || e.root !== commitmentRoot(group)) {
      problems.push({
        where: `audit entry ${groupSeq}`,
        message: `the versions it committed (for ${e.objectType} ${e.objectId}) were changed or removed: ${e.count} committed, ${group.length} found that do not match`,
      });
    }
    group = [];
  };
  let after: Parameters<typeof findBoundCommitmentsPage>[1] = null;
  for (;;) {
    const page = await findBoundCommitmentsPage(db, after, 5000);
    if (page.length === 0) break;
    for (const c of page) {
      if (c.auditSeq !== groupSeq) {
        closeGroup();
        groupSeq = c.auditSeq;
      }
      group.push(c);
      checked++;
    }
    const last = page[page.length - 1]!;
    after = { seq: last.auditSeq, type: last.objectType, id: last.objectId, version: last.version };
  }
  closeGroup();
  for (const [seq, e] of entries) {
    if (!seen.has(seq)) problems.push({ where: `audit entry ${seq}`, message: `the ${e.count} version(s) it committed (${e.objectType} ${e.objectId}) are gone: their commitments were removed` });
  }
  for (const c of await findUnboundCommitments(db, 100)) {
    problems.push({ where: `${c.objectType} ${c.objectId}`, message: `version ${c.version} was committed by no audit entry: it was written without one, or slipped in` });
  }
  return { checked, problems };
}
