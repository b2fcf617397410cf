export { writeBackup, restoreBackup, rollingBackup, listAutoBackups } from "./backup.ts";
export { dumpAll, countAll, type DumpLine } from "./dump.service.ts";
