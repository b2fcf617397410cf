import type { Db, Trx } from "../db/index.ts";
import { commitmentRoot, type Commitment } from "./commitment.ts";
import { findCommitmentsOfEntries, findCommittingAuditEntries, findMisboundCommitments, findUnboundCommitments, insertCommitments } from "./commitment.repository.ts";

/**
 * Commits versions in the caller's transaction: their digests are stored now and bound to the
 * next audit entry the transaction records (every change records one).
 */
export async function commitVersions(trx: Trx, commitments: readonly Commitment[]): Promise<void> {
  if (commitments.length > 0) await insertCommitments(trx, commitments);
}

// The first versions of objects a transaction created, held until the transaction's audit entry
// (which every change records) and then stored already bound to it, in one COPY: storing them
// pending, reading them back and binding them with an UPDATE of every row (through the
// append-only guard's row trigger) took a large share of a bulk import's time in the database.
// Keyed by the transaction object, which its callers pass down unchanged.
const held = new WeakMap<Trx, Commitment[]>();

/**
 * Commits the first versions of objects created in the caller's transaction: held in memory and
 * stored with the transaction's next audit entry (`recordAudit`), which the caller must record.
 */
export async function commitNewVersions(trx: Trx, commitments: readonly Commitment[]): Promise<void> {
  if (commitments.length === 0) return;
  const list = held.get(trx);
  if (!list) held.set(trx, [...commitments]);
  else for (const c of commitments) list.push(c);
}

/** Takes the commitments `commitNewVersions` holds for the transaction's audit entry (none left held). */
export function takeHeldCommitments(trx: Trx): Commitment[] {
  const list = held.get(trx) ?? [];
  held.delete(trx);
  return list;
}

/** One problem with the binding of commitments to the audit log. */
export interface BindingProblem {
  where: string;
  message: string;
}

/**
 * Checks that the commitments bound to each audit entry are exactly those the entry's root was
 * computed over, and that none is left unbound or bound to an entry that commits to nothing. The
 * audit chain itself is checked by `verifyAuditChain`; together they make a commitment impossible
 * to change, add or remove unseen, so the digests can be trusted when rows are checked against
 * them. Entries are read in chunks of about `pageSize` commitments.
 */
export async function verifyCommitmentBindings(db: Db, pageSize = 5000): Promise<{ checked: number; problems: BindingProblem[] }> {
  const problems: BindingProblem[] = [];
  const entries = await findCommittingAuditEntries(db);
  let checked = 0;
  for (let i = 0; i < entries.length; ) {
    // At least one entry per chunk, however many versions it commits (an import batch).
    const chunk = [entries[i]!];
    let size = entries[i]!.count;
    for (i++; i < entries.length && size + entries[i]!.count <= pageSize; i++) {
      chunk.push(entries[i]!);
      size += entries[i]!.count;
    }
    const found = await findCommitmentsOfEntries(db, chunk.map((e) => e.seq));
    for (const e of chunk) {
      const group = found.get(e.seq) ?? [];
      checked += group.length;
      if (group.length === 0) {
        problems.push({ where: `audit entry ${e.seq}`, message: `the ${e.count} version(s) it committed (${e.objectType} ${e.objectId}) are gone: their commitments were removed` });
      } else if (e.count !== group.length || e.root !== commitmentRoot(group)) {
        problems.push({
          where: `audit entry ${e.seq}`,
          message: `the versions it committed (for ${e.objectType} ${e.objectId}) were changed or removed: ${e.count} committed, ${group.length} found that do not match`,
        });
      }
    }
  }
  for (const c of await findMisboundCommitments(db, 100)) {
    checked++;
    problems.push({ where: `${c.objectType} ${c.objectId}`, message: `its version ${c.version} is bound to audit entry ${c.auditSeq}, which commits to no versions: the binding was forged` });
  }
  for (const c of await findUnboundCommitments(db, 100)) {
    problems.push({ where: `${c.objectType} ${c.objectId}`, message: `version ${c.version} was committed by no audit entry: it was written without one, or slipped in` });
  }
  return { checked, problems };
}
