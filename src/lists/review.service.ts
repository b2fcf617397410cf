/**
 * Reviewing linkage: decide a queued pair, merge two clusters, take a record out of its cluster,
 * and revert any of these. Every action is one append-only event with the decisions it appended
 * and each record's move (cluster before and after), so history is complete and a revert is
 * exact. Decisions are what survive a re-run: a merge pins its members together with "match"
 * decisions, an unmerge separates the record with "non-match" decisions, and the next run of the
 * linker respects them. Each function runs in the caller's transaction and audits in it.
 */
import { recordAudit } from "../audit/index.ts";
import type { Trx } from "../db/index.ts";
import { notFound, SabtError, validationError } from "../shared/errors.ts";
import { parseInput } from "../shared/validate.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { canonicalPair, clusterName, compareKeys, keyString, type RecordKey } from "./keys.ts";
import {
  findClusterMembers,
  findExistingRecords,
  findLatestLinkRun,
  findMembers,
  lockLinkage,
  updateMemberClusters,
  updatePairStatus,
} from "./linkage.repository.ts";
import { authorizeLists } from "./lists.policy.ts";
import { syncPersonMerges } from "./merge.repository.ts";
import {
  MergeSchema,
  PairDecisionSchema,
  RevertSchema,
  UnmergeSchema,
  type MergeInput,
  type PairDecisionInput,
  type RevertInput,
  type UnmergeInput,
} from "./lists.schema.ts";
import type { LinkDecisionTable, MemberChangeJson } from "../db/index.ts";
import {
  findDecisionBefore,
  findDecisionsOfEvent,
  findLinkEvent,
  findRevertedIds,
  insertDecisions,
  insertLinkEvent,
} from "./review.repository.ts";

type Decision = LinkDecisionTable["decision"];

/** What a review action did. */
export interface ReviewOutcome {
  readonly eventId: string;
  /** Records whose cluster changed now (the rest takes effect on the next linkage run). */
  readonly moved: number;
  /** Decisions appended. */
  readonly decisions: number;
}

const memberKey = (m: { list_id: string; record_id: string }): RecordKey => ({ list: m.list_id, record: m.record_id });

/** Appends an event, its decisions and moves, updates the queue, and audits — one action. */
async function commit(
  trx: Trx,
  viewer: Viewer,
  kind: "accept" | "reject" | "merge" | "unmerge" | "revert",
  note: string | undefined,
  decisions: readonly { a: RecordKey; b: RecordKey; decision: Decision }[],
  moves: readonly MemberChangeJson[],
  reverts?: string,
): Promise<ReviewOutcome> {
  const real = moves.filter((m) => m.before !== m.after);
  const clusters = real.flatMap((m) => [m.before, m.after]).filter((c): c is string => c !== null);
  // The clusters of the decided records too, so that a cluster's page finds every event about it.
  const members = await findMembers(trx, decisions.flatMap((d) => [d.a, d.b]));
  for (const m of members) clusters.push(m.cluster_id);
  const actor = actorName(viewer);
  const eventId = await insertLinkEvent(trx, {
    kind,
    actor,
    note: note ?? null,
    details: { clusters: [...new Set(clusters)].sort(), moves: real },
    reverts: reverts ?? null,
  });
  await insertDecisions(
    trx,
    decisions.map((d) => {
      const [l, r] = canonicalPair(d.a, d.b);
      return {
        event_id: eventId,
        left_list_id: l.list,
        left_record_id: l.record,
        right_list_id: r.list,
        right_record_id: r.record,
        decision: d.decision,
        actor,
        note: note ?? null,
      };
    }),
  );
  const run = await findLatestLinkRun(trx);
  if (run) {
    for (const d of decisions) {
      const [l, r] = canonicalPair(d.a, d.b);
      await updatePairStatus(trx, run.id, l, r, d.decision === "cleared" ? "pending" : "decided");
    }
  }
  await updateMemberClusters(trx, real.map((m) => ({ list: m.list, record: m.record, cluster: m.after! })));
  // The public person pages follow the clusters: records that joined are folded into one person,
  // records that left are people of their own again.
  await syncPersonMerges(trx, [...new Set(real.flatMap((m) => [m.before, m.after]).filter((c): c is string => c !== null))]);
  await recordAudit(trx, viewer, {
    action: `linkage.${kind}`,
    objectType: "link_event",
    objectId: eventId,
    details: { decisions: decisions.length, moved: real.length, ...(reverts ? { reverts } : {}) },
  });
  return { eventId, moved: real.length, decisions: decisions.length };
}

/** Moves that rename every record of `members` to the cluster named after all of them. */
function renameMoves(members: readonly { list_id: string; record_id: string; cluster_id: string }[]): MemberChangeJson[] {
  const name = clusterName(members.map(memberKey));
  return members.map((m) => ({ list: m.list_id, record: m.record_id, before: m.cluster_id, after: name }));
}

/** The current decision of a pair ("cleared" when none). */
async function currentDecision(trx: Trx, a: RecordKey, b: RecordKey): Promise<Decision> {
  const [l, r] = canonicalPair(a, b);
  return (await findDecisionBefore(trx, l, r))?.decision ?? "cleared";
}

/**
 * Records a reviewer's decision on a pair. Accepting a pair whose records are in two clusters
 * merges the clusters now; rejecting a pair inside one cluster takes effect on the next run
 * (only the linker can say which side the other records belong to).
 * @throws SabtError forbidden, validation_failed (same record twice), not_found (unknown record)
 */
export async function decidePair(trx: Trx, viewer: Viewer, input: PairDecisionInput): Promise<ReviewOutcome> {
  authorizeLists(viewer, "review");
  const req = parseInput(PairDecisionSchema, input);
  if (compareKeys(req.left, req.right) === 0) throw validationError("right: a record cannot be paired with itself");
  await lockLinkage(trx);
  if ((await findExistingRecords(trx, [req.left, req.right])).length !== 2) throw notFound("list record");
  const members = await findMembers(trx, [req.left, req.right]);
  const ca = members.find((m) => m.list_id === req.left.list && m.record_id === req.left.record)?.cluster_id;
  const cb = members.find((m) => m.list_id === req.right.list && m.record_id === req.right.record)?.cluster_id;
  let moves: MemberChangeJson[] = [];
  if (req.decision === "match" && ca && cb && ca !== cb) {
    moves = renameMoves([...(await findClusterMembers(trx, ca)), ...(await findClusterMembers(trx, cb))]);
  }
  return commit(trx, viewer, req.decision === "match" ? "accept" : "reject", req.note, [{ a: req.left, b: req.right, decision: req.decision }], moves);
}

/**
 * Merges two clusters into one person, now, and pins every member to the new cluster's first
 * record with a "match" decision so that later runs keep them together.
 * @throws SabtError forbidden, validation_failed (same cluster), not_found (unknown cluster)
 */
export async function mergeClusters(trx: Trx, viewer: Viewer, input: MergeInput): Promise<ReviewOutcome> {
  authorizeLists(viewer, "review");
  const req = parseInput(MergeSchema, input);
  if (req.a === req.b) throw validationError("b: choose two different clusters");
  await lockLinkage(trx);
  const a = await findClusterMembers(trx, req.a);
  const b = await findClusterMembers(trx, req.b);
  if (a.length === 0 || b.length === 0) throw notFound("cluster");
  const all = [...a, ...b];
  const keys = all.map(memberKey);
  const rep = keys.reduce((x, y) => (compareKeys(x, y) <= 0 ? x : y));
  const decisions: { a: RecordKey; b: RecordKey; decision: Decision }[] = [];
  for (const k of keys) {
    if (compareKeys(k, rep) === 0) continue;
    if ((await currentDecision(trx, rep, k)) !== "match") decisions.push({ a: rep, b: k, decision: "match" });
  }
  return commit(trx, viewer, "merge", req.note, decisions, renameMoves(all));
}

/**
 * Takes one record out of its cluster, now: "non-match" with every other member. When the record
 * was what pinned the others together (a "match" decision through it), the others are pinned to
 * each other instead, so that the unmerge does not also split them.
 * @throws SabtError forbidden, validation_failed (the record is alone), not_found
 */
export async function unmergeRecord(trx: Trx, viewer: Viewer, input: UnmergeInput): Promise<ReviewOutcome> {
  authorizeLists(viewer, "review");
  const req = parseInput(UnmergeSchema, input);
  await lockLinkage(trx);
  const [own] = await findMembers(trx, [req.record]);
  if (!own) throw notFound("linked record");
  const cluster = await findClusterMembers(trx, own.cluster_id);
  const rest = cluster.filter((m) => !(m.list_id === req.record.list && m.record_id === req.record.record));
  if (rest.length === 0) throw validationError("record: the record is already alone in its cluster");
  const decisions: { a: RecordKey; b: RecordKey; decision: Decision }[] = [];
  let pinned = false;
  for (const m of rest) {
    if ((await currentDecision(trx, req.record, memberKey(m))) === "match") pinned = true;
    decisions.push({ a: req.record, b: memberKey(m), decision: "non-match" });
  }
  if (pinned && rest.length > 1) {
    const keys = rest.map(memberKey);
    const rep = keys.reduce((x, y) => (compareKeys(x, y) <= 0 ? x : y));
    for (const k of keys) {
      if (compareKeys(k, rep) !== 0 && (await currentDecision(trx, rep, k)) !== "match") decisions.push({ a: rep, b: k, decision: "match" });
    }
  }
  const moves = [{ list: own.list_id, record: own.record_id, before: own.cluster_id, after: keyString(req.record) }, ...renameMoves(rest)];
  return commit(trx, viewer, "unmerge", req.note, decisions, moves);
}

/**
 * Reverts an earlier accept, reject, merge or unmerge: each pair it decided gets back the decision
 * it had before (or none), and each record it moved goes back — unless a later change moved it
 * again, in which case it stays and the next linkage run settles it.
 * @throws SabtError forbidden, not_found, conflict (already reverted, a revert, or a pair decided
 *   otherwise since)
 */
export async function revertEvent(trx: Trx, viewer: Viewer, input: RevertInput): Promise<ReviewOutcome> {
  authorizeLists(viewer, "review");
  const req = parseInput(RevertSchema, input);
  await lockLinkage(trx);
  const event = await findLinkEvent(trx, req.eventId);
  if (!event) throw notFound("review event");
  if (event.kind === "revert") throw new SabtError("conflict", "A revert cannot itself be reverted; make the change again instead.");
  if ((await findRevertedIds(trx, [event.id])).size > 0) throw new SabtError("conflict", "This change was already reverted.");
  const decisions: { a: RecordKey; b: RecordKey; decision: Decision }[] = [];
  for (const d of await findDecisionsOfEvent(trx, event.id)) {
    const l = { list: d.left_list_id, record: d.left_record_id };
    const r = { list: d.right_list_id, record: d.right_record_id };
    // Compared by value: a later change that was itself reverted left the pair as this event set it.
    const latest = await findDecisionBefore(trx, l, r);
    if (latest && latest.decision !== d.decision) {
      throw new SabtError("conflict", `The pair ${d.left_record_id} / ${d.right_record_id} was decided again since; revert that change first.`);
    }
    const before = await findDecisionBefore(trx, l, r, d.id);
    decisions.push({ a: l, b: r, decision: before?.decision ?? "cleared" });
  }
  const moves: MemberChangeJson[] = [];
  const current = await findMembers(trx, event.details.moves.map((m) => ({ list: m.list, record: m.record })));
  for (const m of event.details.moves) {
    const now = current.find((c) => c.list_id === m.list && c.record_id === m.record);
    if (now && m.before !== null && now.cluster_id === m.after) moves.push({ list: m.list, record: m.record, before: now.cluster_id, after: m.before });
  }
  return commit(trx, viewer, "revert", req.note, decisions, moves, event.id);
}
