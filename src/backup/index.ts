export {
  writeBackup,
  restoreBackup,
  inspectBackup,
  missingBackupKeys,
  missingKeysError,
  assertKnownSchema,
  countMissingBlobs,
  rollingBackup,
  listAutoBackups,
  type BackupInfo,
  type RestoreResult,
} from "./backup.ts";
export { runAutoBackupJob } from "./backup.job.ts";
export { dumpAll, countAll, type DumpLine } from "./dump.service.ts";
export type { BackupStep } from "./snapshot.ts";
