import { findCommitmentsOf, findCommittedButMissing, LOST_VERSION } from "../audit/index.ts";
import { findCustodyHashesPage } from "../archive/index.ts";
import { checkClaimVersion, openClaimSnapshot } from "../claims/index.ts";
import type { Db } from "../db/index.ts";
import { checkEntityVersion, openEntitySnapshot } from "../entities/index.ts";
import { findCurrentSnapshots, findObjectIdsPage, findOrphanRevisionObjects, findRevisionsOf } from "../history/index.ts";
import { isSabtError } from "../shared/errors.ts";
import type { IntegrityProblem } from "./integrity.types.ts";

const PAGE = 1000;

type Kind = "claim" | "entity";

const CHECKS: Record<Kind, { open: (id: string, s: Record<string, unknown>) => Record<string, unknown>; check: (s: Record<string, unknown>, d: string) => "ok" | "mismatch" | "unknown_key" }> = {
  claim: { open: openClaimSnapshot, check: checkClaimVersion },
  entity: { open: openEntitySnapshot, check: checkEntityVersion },
};

/**
 * Checks one stored version (the current row or a revision) against its commitment: opened, its
 * content must give the digest committed when the version was written. A sealed value that no
 * longer opens is itself a finding (altered ciphertext, or a key missing from the key file).
 */
function checkVersion(kind: Kind, id: string, what: string, snapshot: Record<string, unknown>, digest: string | undefined): string | undefined {
  if (digest === undefined) return `${what} has no commitment in the audit log: it was written behind Sabt's back`;
  if (digest === LOST_VERSION) return `${what} exists, but the audit log records it as lost before commitments existed: it was inserted later`;
  let opened: Record<string, unknown>;
  try {
    opened = CHECKS[kind].open(id, snapshot);
  } catch (e) {
    if (isSabtError(e)) return `${what} cannot be opened (${e.message})`;
    throw e;
  }
  switch (CHECKS[kind].check(opened, digest)) {
    case "ok":
      return undefined;
    case "mismatch":
      return `${what} does not match the version committed in the audit log: it was changed behind Sabt's back`;
    case "unknown_key":
      return `${what} cannot be checked: the key its commitment was made with is not in the key file`;
  }
}

/**
 * Checks every claim or entity: its current row against the commitment of its version, each of its
 * revisions against theirs, that no committed earlier version is missing from the history, and
 * that no committed object has disappeared.
 */
async function verifyKind(db: Db, kind: Kind, problems: IntegrityProblem[]): Promise<number> {
  let after = "";
  let checked = 0;
  for (;;) {
    const ids = await findObjectIdsPage(db, kind, after, PAGE);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const [current, revisions, commitments] = await Promise.all([findCurrentSnapshots(db, kind, ids), findRevisionsOf(db, kind, ids), findCommitmentsOf(db, kind, ids)]);
    for (const id of ids) {
      const where = `${kind} ${id}`;
      const snap = current.get(id);
      if (!snap) continue; // deleted between the two reads
      const committed = commitments.get(id) ?? new Map<number, string>();
      const version = Number(snap.version);
      const bad = (message: string) => problems.push({ where, message });
      const cur = checkVersion(kind, id, `its current row (version ${version})`, snap, committed.get(version));
      if (cur) bad(cur);
      const kept = new Set<number>();
      for (const r of revisions.get(id) ?? []) {
        kept.add(r.version);
        if (r.version > version) bad(`revision ${r.version} is newer than the current version ${version}: the current row was rolled back`);
        const m = checkVersion(kind, id, `revision ${r.version}`, r.snapshot, committed.get(r.version));
        if (m) bad(m);
      }
      // Every version before the current one is kept in the history once it is superseded.
      for (let v = 1; v < version; v++) {
        if (!kept.has(v) && committed.get(v) !== LOST_VERSION) bad(`revision ${v} is missing from the history: it was deleted`);
      }
      for (const v of committed.keys()) {
        if (v > version) bad(`version ${v} was committed in the audit log, but the current row is at version ${version}: it was rolled back`);
      }
      checked++;
    }
  }
  for (const id of await findCommittedButMissing(db, kind, 100)) {
    problems.push({ where: `${kind} ${id}`, message: `its versions are committed in the audit log, but the ${kind} is gone: it was deleted` });
  }
  for (const id of await findOrphanRevisionObjects(db, kind, 100)) {
    problems.push({ where: `${kind} ${id}`, message: `its revisions remain, but the ${kind} is gone: it was deleted` });
  }
  return checked;
}

/** Checks every item's custody log against the event hashes committed in the audit log. */
async function verifyCustodyCommitments(db: Db, problems: IntegrityProblem[]): Promise<number> {
  let after: string | null = null;
  let checked = 0;
  for (;;) {
    const page = await findCustodyHashesPage(db, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.itemId;
    const commitments = await findCommitmentsOf(db, "custody", page.map((p) => p.itemId));
    for (const { itemId, hashes } of page) {
      const where = `archive item ${itemId}`;
      const committed = commitments.get(itemId) ?? new Map<number, string>();
      for (const [seq, hash] of committed) {
        const found = hashes.get(seq);
        if (found === undefined) problems.push({ where, message: `custody event ${seq}, committed in the audit log, is missing from the custody log: it was cut off` });
        else if (found !== hash) problems.push({ where, message: `custody event ${seq} differs from the one committed in the audit log: it was replaced` });
      }
      for (const seq of hashes.keys()) {
        if (!committed.has(seq)) problems.push({ where, message: `custody event ${seq} has no commitment in the audit log: it was written behind Sabt's back` });
      }
      checked++;
    }
  }
  for (const id of await findCommittedButMissing(db, "custody", 100)) {
    problems.push({ where: `archive item ${id}`, message: "its custody events are committed in the audit log, but the item is gone" });
  }
  return checked;
}

/**
 * Checks the stored claims, entities, revisions and custody logs against the commitments bound
 * into the audit chain (issue 13): a row updated, a revision altered or deleted, a custody log cut
 * off together with its item's head, each is named.
 */
export async function verifyVersions(db: Db, problems: IntegrityProblem[]): Promise<{ claims: number; entities: number; items: number }> {
  const claims = await verifyKind(db, "claim", problems);
  const entities = await verifyKind(db, "entity", problems);
  const items = await verifyCustodyCommitments(db, problems);
  return { claims, entities, items };
}
