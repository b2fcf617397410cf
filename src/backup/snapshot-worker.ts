/**
 * The worker thread of an automatic backup. It copies the files of the live embedded database
 * (many small file operations that would otherwise queue behind requests on the server's
 * thread), or opens such a copy (PGlite's start-up and WAL replay, then every read of the dump,
 * run here and not on the server's thread) and writes the backup file from it. It runs at a lower
 * CPU priority than the server's thread, which goes first whenever both want a core.
 */
import { workerData } from "node:worker_threads";
import { openEmbeddedCopy } from "../db/index.ts";
import { answerFromWorker } from "../shared/worker-thread.ts";
import { writeBackup } from "./backup.ts";
import type { SnapshotJob } from "./snapshot-runner.ts";
import { copyDataDirFiles } from "./snapshot.ts";
import { lowerThreadPriority } from "./thread-priority.ts";

lowerThreadPriority();

await answerFromWorker(async () => {
  const job = workerData as SnapshotJob;
  if (job.task === "copy") {
    copyDataDirFiles(job.pgdata, job.snapshotDir, job.part);
    return {};
  }
  const copy = await openEmbeddedCopy(job.snapshotDir);
  try {
    return await writeBackup(copy.db, job.file, { store: null, compressOnThisThread: true });
  } finally {
    await copy.close();
  }
});
