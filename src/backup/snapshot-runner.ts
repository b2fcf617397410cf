/**
 * Writes a backup of the embedded database from an online copy, in a worker thread, so that a
 * backup of a large collection never holds the server's one PGlite connection or its thread for
 * more than moments (see snapshot.ts for why a copy, and why it is consistent).
 */
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/index.ts";
import { runWorkerThread } from "../shared/worker-thread.ts";
import { copyEmbeddedDatabase, type BackupStep, type CopyPart } from "./snapshot.ts";

/** What the worker is given: files to copy, or the copy to open and the backup file to write. */
export type SnapshotJob =
  | { task: "copy"; pgdata: string; snapshotDir: string; part: CopyPart }
  | { task: "dump"; snapshotDir: string; file: string };

/** The name prefix of a copy in progress; a copy left by a killed process is removed by the next backup. */
export const SNAPSHOT_PREFIX = ".snapshot-";

// In the bundle (dist/sabt.mjs) scripts/build.mjs writes the worker beside it as backup-worker.mjs.
const WORKER = new URL(import.meta.url.endsWith(".ts") ? "./snapshot-worker.ts" : "./backup-worker.mjs", import.meta.url);

/**
 * Writes `file` (the usual backup format) from an online copy of the embedded database in
 * `pgdata`, taken into a temporary folder beside `file` and removed afterwards.
 */
export async function writeBackupFromCopy(
  db: Db,
  pgdata: string,
  file: string,
  onStep: (step: BackupStep) => void = () => undefined,
): Promise<Record<string, number>> {
  const snapshotDir = path.join(path.dirname(file), `${SNAPSHOT_PREFIX}${process.pid}-${Date.now()}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const inWorker = <T>(job: SnapshotJob) => runWorkerThread<T>(WORKER, job, "backup");
    await copyEmbeddedDatabase(
      db,
      pgdata,
      snapshotDir,
      async (part) => {
        await inWorker<object>({ task: "copy", pgdata, snapshotDir, part });
      },
      onStep,
    );
    onStep("dump");
    return await inWorker<Record<string, number>>({ task: "dump", snapshotDir, file });
  } finally {
    await fs.promises.rm(snapshotDir, { recursive: true, force: true });
  }
}
