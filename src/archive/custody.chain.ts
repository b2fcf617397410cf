import { createHash } from "node:crypto";
import { canonicalJson } from "../shared/canonical-json.ts";

/** The hash that the first custody event of every item points back to. */
export const CUSTODY_GENESIS = "0".repeat(64);

/** Custody actions Sabt records; the log is the item's chain of custody. */
export type CustodyAction = "ingested" | "viewed" | "derived" | "exported" | "verified" | "verification_failed" | "timestamped";

/** The fields of a custody event that its hash commits to. */
export interface CustodyEvent {
  itemId: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  prevHash: string;
}

/** SHA-256 over the canonical JSON of an event including the previous event's hash. */
export function hashCustodyEvent(e: CustodyEvent): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        itemId: e.itemId,
        seq: e.seq,
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        details: e.details,
        prevHash: e.prevHash,
      }),
    )
    .digest("hex");
}

/** What a custody chain check found. */
export interface CustodyCheck {
  ok: boolean;
  problems: string[];
  headHash: string;
}

/**
 * Checks one item's custody events (in seq order): consecutive numbering from 1, each event
 * pointing at its predecessor's hash, each stored hash recomputing, and — when the item's
 * recorded head is given — no event cut off the end.
 */
export function checkCustodyChain(
  events: readonly (CustodyEvent & { hash: string })[],
  expected?: { count: number; head: string },
): CustodyCheck {
  const problems: string[] = [];
  let prev = CUSTODY_GENESIS;
  events.forEach((e, i) => {
    if (e.seq !== i + 1) {
      problems.push(`event ${e.seq} is at position ${i + 1}: events are missing or reordered`);
    }
    if (e.prevHash !== prev) problems.push(`event ${e.seq} does not point to the previous event's hash`);
    const recomputed = hashCustodyEvent(e);
    if (recomputed !== e.hash) {
      problems.push(`event ${e.seq} (${e.action}) was altered: its hash does not match its content`);
    }
    prev = e.hash;
  });
  if (events.length === 0) problems.push("the item has no custody events (its ingest was never recorded)");
  if (expected && (expected.count !== events.length || expected.head !== prev)) {
    problems.push(
      `the log has ${events.length} events ending in ${prev.slice(0, 12)}…, but the item records ${expected.count} ending in ${expected.head.slice(0, 12)}…`,
    );
  }
  return { ok: problems.length === 0, problems, headHash: prev };
}
