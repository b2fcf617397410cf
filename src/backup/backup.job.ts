import path from "node:path";
import type { Db } from "../db/index.ts";
import { Logger } from "../shared/logger.ts";
import { rollingBackup } from "./backup.ts";

/**
 * The scheduled automatic backup of the embedded database (SABT_BACKUP_INTERVAL_MIN): writes a
 * rolling backup into `<dataDir>/backups`, keeping the newest `keep`. PGlite runs with fsync off,
 * so a recent consistent copy is what survives a crash that leaves its directory unusable. A re-run
 * after a crash writes a new file; a half-written one is never left under a backup's name.
 * @returns the backup file's name.
 */
export async function runAutoBackupJob(db: Db, dataDir: string, keep: number): Promise<{ file: string }> {
  const file = path.basename(await rollingBackup(db, path.join(dataDir, "backups"), keep));
  Logger.info("backup", "automatic backup written", { file });
  return { file };
}
