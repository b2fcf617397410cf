import { createHash } from "node:crypto";
import type { Db } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";
import { newId } from "../shared/slug.ts";
import { actorName, type Viewer } from "../shared/viewer.ts";
import { analyzeImportedTables, findListRecords, insertImportRun, markRunningRunsInterrupted, updateImportRun } from "./import.repository.ts";
import { findListByName, findOrCreateList, importPersonBatch, type KeptEdit } from "./import.service.ts";
import { batchContext, prepareBatch, type PreparedBatch } from "./batch-prepare.ts";
import { BatchPreparer } from "./batch-prepare-thread.ts";
import { parsePersonsCsv, type ImportProblem } from "./persons.csv.ts";

// How many imported rows make the planner's statistics worth refreshing at the end of a run.
const ANALYZE_AFTER_ROWS = 1000;
// How many rows still to import make a thread for building batches ahead worth its start.
const THREAD_AFTER_ROWS = 2000;

/** Resolves on the next turn of the event loop, after pending I/O and signals were handled. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** What `sabt import persons --json` prints. Rows whose values changed count as imported. */
export interface ImportReport {
  rows: number;
  imported: number;
  unchanged: number;
  errors: ImportProblem[];
  /** Values an editor changed while the import ran: they keep the editor's version. */
  keptEdits: KeptEdit[];
  /**
   * With `keepUnparsed`: the cells kept as raw text for the team to resolve (every such cell of the
   * file, written now or by an earlier run). Absent otherwise.
   */
  unparsed?: ImportProblem[];
  /** Without `keepUnparsed`: how many of the errors are cells that `keepUnparsed` would have kept. */
  keepable?: number;
  /** Set when the run was stopped by a signal before the end (not part of the --json output). */
  interrupted?: boolean;
}

/** Options of one import run. */
export interface ImportOptions {
  listName: string;
  dryRun?: boolean;
  batchSize?: number;
  isFictional?: boolean;
  /** Keep cells Sabt cannot read as text claims marked unparsed (team-only) instead of refusing the file. */
  keepUnparsed?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** When aborted, the import stops after the batch in progress; re-running it completes it. */
  signal?: AbortSignal;
}

/**
 * Imports a victim-list CSV: validates the whole file first (any bad value → nothing written),
 * then writes it in batches, each its own transaction, so an interrupted import leaves only whole
 * rows behind and re-running it completes it (rows already there are recognized by list +
 * record_id and left unchanged). This is a job at the edge: it opens the transactions.
 */
export async function runPersonImport(db: Db, viewer: Viewer, text: string, opts: ImportOptions): Promise<ImportReport> {
  const { rows, problems, unparsed, total } = parsePersonsCsv(text, { keepUnparsed: opts.keepUnparsed ?? false });
  // The cells kept unread are part of every report of a run that keeps them and writes (a refused
  // file keeps nothing), and of no other.
  const kept = opts.keepUnparsed ? { unparsed } : {};
  if (problems.length > 0) {
    const keepable = opts.keepUnparsed || unparsed.length === 0 ? {} : { keepable: unparsed.length };
    return { rows: total, imported: 0, unchanged: 0, errors: problems, keptEdits: [], ...keepable };
  }
  const batchSize = opts.batchSize ?? 1000;

  if (opts.dryRun) {
    const list = await findListByName(db, opts.listName);
    let unchanged = 0;
    if (list) {
      for (let i = 0; i < rows.length; i += batchSize) {
        const batch = rows.slice(i, i + batchSize);
        const known = await db.transaction().execute((trx) => findListRecords(trx, list.id, batch.map((r) => r.recordId)));
        const hashes = new Map(known.map((k) => [k.record_id, k.row_hash]));
        unchanged += batch.filter((r) => hashes.get(r.recordId) === r.hash).length;
      }
    }
    return { rows: total, imported: rows.length - unchanged, unchanged, errors: [], keptEdits: [], ...kept };
  }

  const listId = await db.transaction().execute((trx) => findOrCreateList(trx, viewer, opts.listName, opts.isFictional));
  const importId = newId();
  await db.transaction().execute(async (trx) => {
    // A run of this list still marked running was stopped without a chance to say so (kill -9,
    // power loss): its whole batches are in, and this run completes it.
    await markRunningRunsInterrupted(trx, listId);
    await insertImportRun(trx, {
      id: importId,
      list_id: listId,
      file_sha256: createHash("sha256").update(text).digest("hex"),
      total_rows: total,
      actor: actorName(viewer),
    });
  });
  let imported = 0;
  let unchanged = 0;
  const keptEdits: KeptEdit[] = [];
  // Once a batch turns out all new (a first import), the batch after the next is built while the
  // database stores the next: in a worker thread when much is left, so that on two cores the two
  // run at once whatever the engine. A re-import's batches hold known rows and are built in their
  // transaction, as only their changes need; a batch built ahead that meets known rows (another
  // import got there first) is built again there.
  const ctx = batchContext(viewer, listId);
  let thread: BatchPreparer | undefined;
  let threadFailed = false;
  try {
    let ahead: Promise<PreparedBatch> | undefined;
    let allNew = false;
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      const own = ahead;
      ahead = undefined;
      const later = rows.slice(i + batchSize, i + 2 * batchSize);
      if (allNew && later.length > 0) {
        if (!thread && !threadFailed && rows.length - i - batchSize >= THREAD_AFTER_ROWS) thread = new BatchPreparer();
        ahead = thread ? thread.prepare(ctx, later) : prepareBatch(ctx, later);
        // Awaited with its batch; a failure meanwhile is that batch's, not an unhandled rejection.
        ahead.catch(() => undefined);
      }
      const prepared = await own?.catch((e: unknown) => {
        // Building ahead only saves time: a failure of the thread (it could not start, say) leaves
        // this batch and the rest to be built in their transactions, where a real error in the
        // rows surfaces again.
        if (thread) Logger.warn("import", "building batches ahead in a thread failed; building them in the importer", { message: (e as Error).message });
        void thread?.close();
        thread = undefined;
        threadFailed = true;
        return undefined;
      });
      const r = await db.transaction().execute(async (trx) => {
        const res = await importPersonBatch(trx, viewer, { listId, importId, rows: batch, isFictional: opts.isFictional ?? false, prepared });
        await updateImportRun(trx, importId, { done_rows: i + batch.length });
        return res;
      });
      allNew = r.imported === batch.length;
      imported += r.imported + r.updated;
      unchanged += r.unchanged;
      keptEdits.push(...r.keptEdits);
      opts.onProgress?.(i + batch.length, rows.length);
      // Let the event loop turn between batches. The embedded database answers within the same
      // turn, so without this a SIGINT (Ctrl-C) is only delivered after the last batch and the
      // import cannot be stopped.
      await yieldToEventLoop();
      if (opts.signal?.aborted && i + batch.length < rows.length) {
        await db.transaction().execute((trx) => updateImportRun(trx, importId, { status: "interrupted" }));
        return { rows: total, imported, unchanged, errors: [], keptEdits, ...kept, interrupted: true };
      }
    }
  } finally {
    await thread?.close();
  }
  await db.transaction().execute((trx) => updateImportRun(trx, importId, { status: "done", finished_at: new Date() }));
  // Only after a sizeable import: ANALYZE samples the whole tables, which small edits do not need.
  if (imported >= ANALYZE_AFTER_ROWS) await analyzeImportedTables(db);
  return { rows: total, imported, unchanged, errors: [], keptEdits, ...kept };
}
