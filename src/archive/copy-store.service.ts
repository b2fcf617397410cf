import { recordAuditAs } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { findArchiveItemHashes } from "./archive.repository.ts";
import type { BlobStore } from "./blob-store.ts";

/** A stored file that was not copied, named by its content address, and why. */
export interface StoreCopyFailure {
  sha256: string;
  reason: string;
}

/** The outcome of copying every stored file from one blob store into another. */
export interface StoreCopyResult {
  /** True when every file is in the target and verified there. */
  ok: boolean;
  /** Distinct files considered: those in the source store and those the archive names. */
  total: number;
  /** Files written to the target in this run and verified by reading them back. */
  copied: number;
  /** Files the target held already with the right content (verified by reading them back). */
  alreadyPresent: number;
  /** Bytes written to the target in this run. */
  bytes: number;
  /** Files not in the target, or not intact there, in hash order. */
  failed: StoreCopyFailure[];
  /** True when the signal stopped the run before every file was handled. */
  interrupted: boolean;
}

/** How a copy runs and what it reports. */
export interface StoreCopyOptions {
  /** Who ran the copy, for the audit entry. */
  actor: string;
  /** The target as the audit entry names it, e.g. `s3://evidence/sabt/` (never credentials). */
  targetName: string;
  /** Aborted (Ctrl-C): the files in flight finish, no new one starts, the result says so. */
  signal?: AbortSignal;
  /** Files handled out of the total, after each file. */
  onProgress?: (done: number, total: number) => void;
  /** Files in flight at once (default 4): an upload waits on the network more than on the disk. */
  concurrency?: number;
}

type Outcome = { kind: "copied"; bytes: number } | { kind: "present" } | { kind: "failed"; reason: string };

// A name no file has: asking the target for it shows, before any copying, that it can be reached
// with these credentials (a wrong endpoint or key fails once, not once per file).
const PROBE = "0".repeat(64);
const SHA256_RE = /^[0-9a-f]{64}$/;
const MAX_AUDITED_FAILURES = 100;

/**
 * Copies every stored file of `source` into `target` and verifies each copy by reading it back
 * from the target and recomputing its SHA-256, which must equal its content address. Files the
 * target already holds are verified the same way and counted as present, so a run that was
 * interrupted or failed part-way can simply be run again. Besides the files the source lists, every
 * file an archive item names is included, so a file missing from the source is reported rather
 * than silently left behind. One audit entry records the run (moving the bytes between Sabt's own
 * stores changes no item's custody: no one outside Sabt received a copy, unlike an export).
 * @throws SabtError internal when the target cannot be reached at all (nothing is copied).
 * @example const r = await copyBlobStore(db, fsStore, s3Store, { actor: "cli:ana", targetName: "s3://evidence/" });
 */
export async function copyBlobStore(db: Db, source: BlobStore, target: BlobStore, options: StoreCopyOptions): Promise<StoreCopyResult> {
  await target.stat(PROBE);
  const hashes = new Set(await findArchiveItemHashes(db));
  // A stray file in the store's folders (not named by a hash) is not a stored file.
  for await (const h of source.list()) if (SHA256_RE.test(h)) hashes.add(h);
  const todo = [...hashes].sort();
  const result: StoreCopyResult = { ok: false, total: todo.length, copied: 0, alreadyPresent: 0, bytes: 0, failed: [], interrupted: false };
  let next = 0;
  let done = 0;
  const stopped = () => options.signal?.aborted === true;
  const worker = async () => {
    while (!stopped() && next < todo.length) {
      const sha256 = todo[next++]!;
      const outcome = await copyOne(source, target, sha256);
      if (outcome.kind === "copied") {
        result.copied++;
        result.bytes += outcome.bytes;
      } else if (outcome.kind === "present") {
        result.alreadyPresent++;
      } else {
        result.failed.push({ sha256, reason: outcome.reason });
      }
      done++;
      options.onProgress?.(done, todo.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  result.interrupted = done < todo.length;
  result.failed.sort((a, b) => a.sha256.localeCompare(b.sha256));
  result.ok = result.failed.length === 0 && !result.interrupted;
  await db.transaction().execute((trx) =>
    recordAuditAs(trx, options.actor, {
      action: "archive.copy_store",
      objectType: "blob_store",
      objectId: options.targetName,
      details: {
        total: result.total,
        copied: result.copied,
        alreadyPresent: result.alreadyPresent,
        failed: result.failed.length,
        // Named up to a bound, so that a bucket that refuses everything does not make one huge entry.
        failedFiles: result.failed.slice(0, MAX_AUDITED_FAILURES).map((f) => f.sha256),
        interrupted: result.interrupted,
      },
    }),
  );
  return result;
}

/** Copies and verifies one file; every way it can go wrong becomes a reason, not an exception. */
async function copyOne(source: BlobStore, target: BlobStore, sha256: string): Promise<Outcome> {
  try {
    if ((await target.stat(sha256)) !== null) {
      // Being there is not enough: an earlier run, or someone else, may have left other bytes.
      const there = await target.rehash(sha256);
      if (there?.sha256 === sha256) return { kind: "present" };
      return {
        kind: "failed",
        reason: `the target already holds other bytes under this name (${there?.size ?? 0} bytes hashing to ${there?.sha256 ?? "nothing"}); a blob store never overwrites a file: remove that object from the target, then run again`,
      };
    }
    if ((await source.stat(sha256)) === null) {
      return { kind: "failed", reason: "the archive names this file but the source store does not have it" };
    }
    // Staging hashes the bytes as they are read, so a damaged source is caught before it is sent
    // under a name it no longer matches.
    const staged = await target.stage(await source.open(sha256));
    if (staged.sha256 !== sha256) {
      await staged.discard();
      return { kind: "failed", reason: `the source file is damaged: it now hashes to ${staged.sha256}; not copied (run \`sabt verify\`)` };
    }
    await target.commit(staged);
    const copy = await target.rehash(sha256);
    if (copy === null) return { kind: "failed", reason: "the target does not have the file after it was written" };
    if (copy.sha256 !== sha256 || copy.size !== staged.size) {
      return { kind: "failed", reason: `the copy did not verify: the target returns ${copy.size} bytes hashing to ${copy.sha256}` };
    }
    return { kind: "copied", bytes: staged.size };
  } catch (e) {
    return { kind: "failed", reason: (e as Error).message };
  }
}
