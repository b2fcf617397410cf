import type { Db } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";
import { findArchiveItemsPage } from "./archive.repository.ts";
import type { BlobStore, Digest } from "./blob-store.ts";
import type { CustodyRow } from "../db/index.ts";
import { checkCustodyChain } from "./custody.chain.ts";
import { findCustodyEventsByItems } from "./custody.repository.ts";
import { custodyRowToEvent, recordCustodyEvent } from "./custody.service.ts";

/** One problem found by a full verification, named by item. */
export interface ArchiveProblem {
  itemId: string;
  kind: "mismatch" | "missing" | "custody_chain";
  message: string;
}

/** The outcome of verifying every stored file and custody chain. */
export interface ArchiveVerification {
  ok: boolean;
  /** Items checked. */
  checked: number;
  /** Bytes re-hashed (each distinct blob once). */
  bytes: number;
  problems: ArchiveProblem[];
}

/** Progress callback: items done out of the total seen so far. */
export type VerifyProgress = (done: number, itemId: string) => void;

/**
 * Re-hashes every stored file and checks every item's custody chain, reporting each mismatch,
 * missing file and broken chain by item. A blob shared by several items is read once. With
 * `recordAs`, a "verified" custody event is appended to each intact item and a
 * "verification_failed" event, naming the kinds of problem, to each other one. An aborted
 * `signal` stops the run between items, with the result so far.
 * @example const r = await verifyArchive(db, store); if (!r.ok) for (const p of r.problems) print(`${p.itemId}: ${p.message}`);
 */
export async function verifyArchive(
  db: Db,
  store: BlobStore,
  onProgress?: VerifyProgress,
  options: {
    recordAs?: string;
    pageSize?: number;
    signal?: AbortSignal;
    /** Start after this item id (a resumed run: the items up to it were checked already). */
    startAfter?: string | null;
    /** Awaited after each page with the last item checked (a job saves its checkpoint here). */
    onPage?: (lastItemId: string, checked: number, problems: number) => Promise<void>;
  } = {},
): Promise<ArchiveVerification> {
  const problems: ArchiveProblem[] = [];
  const hashed = new Map<string, Digest | null>();
  let checked = 0;
  let bytes = 0;
  let after: string | null = options.startAfter ?? null;
  // Stopping between items (a server shutting down) leaves no item half-recorded.
  const stopped = () => options.signal?.aborted === true;
  while (!stopped()) {
    const page = await findArchiveItemsPage(db, after, options.pageSize ?? 500);
    if (page.length === 0) break;
    // One query for the whole page's custody logs rather than one per item.
    const events = new Map<string, CustodyRow[]>();
    for (const r of await findCustodyEventsByItems(
      db,
      page.map((i) => i.id),
    )) {
      const list = events.get(r.item_id);
      if (list) list.push(r);
      else events.set(r.item_id, [r]);
    }
    for (const item of page) {
      if (stopped()) break;
      after = item.id;
      let digest = hashed.get(item.sha256);
      if (digest === undefined) {
        digest = await store.rehash(item.sha256);
        hashed.set(item.sha256, digest);
        bytes += digest?.size ?? 0;
      }
      const before = problems.length;
      if (digest === null) {
        problems.push({ itemId: item.id, kind: "missing", message: `stored file ${item.sha256} is missing` });
      } else if (digest.sha256 !== item.sha256 || digest.size !== Number(item.size)) {
        problems.push({
          itemId: item.id,
          kind: "mismatch",
          message: `stored file ${item.sha256} now hashes to ${digest.sha256} (${digest.size} bytes; ${item.size} recorded at intake)`,
        });
      }
      const chain = checkCustodyChain((events.get(item.id) ?? []).map(custodyRowToEvent), {
        count: item.custody_count,
        head: item.custody_head,
      });
      for (const m of chain.problems) {
        problems.push({ itemId: item.id, kind: "custody_chain", message: m });
      }
      if (options.recordAs) {
        const found = problems.slice(before);
        if (found.length === 0) {
          await recordCustodyEvent(db, item.id, options.recordAs, "verified", { sha256: item.sha256 });
        } else {
          // The failure goes into the item's own log, where whoever opens the evidence sees it:
          // which kinds of check failed and on which stored file, nothing more.
          const kinds = [...new Set(found.map((f) => f.kind))];
          await recordCustodyEvent(db, item.id, options.recordAs, "verification_failed", { sha256: item.sha256, problems: kinds });
        }
      }
      checked++;
      onProgress?.(checked, item.id);
    }
    if (after !== null && !stopped()) await options.onPage?.(after, checked, problems.length);
  }
  if (problems.length > 0) {
    Logger.warn("archive", "verification found problems", { problems: problems.length, checked });
  }
  return { ok: problems.length === 0, checked, bytes, problems };
}
