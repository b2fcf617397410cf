import fs from "node:fs";
import type { Command } from "commander";
import { openBlobStore } from "../../archive/index.ts";
import { assertKnownSchema, inspectBackup, missingBackupKeys, missingKeysError, restoreBackup, writeBackup } from "../../backup/index.ts";
import { keyFilePath, keyringFromEnv, loadKeyring } from "../../crypto/index.ts";
import type { Config } from "../../config/index.ts";
import { validationError } from "../../shared/errors.ts";
import { commandConfig, withDatabase } from "../context.ts";
import { print, printError } from "../output.ts";

// The key ids this process could open, read without creating a key file: a restore that would
// need a missing key is refused before anything is written into the new data directory.
function availableKeyIds(config: Config): string[] {
  if (config.encryptionKey) return [...keyringFromEnv(config.encryptionKey).keys.keys()];
  const src = { dataDir: config.dataDir, keyFile: config.keyFile };
  return fs.existsSync(keyFilePath(src)) ? [...loadKeyring(src).keys.keys()] : [];
}

/** Registers `sabt backup FILE` and `sabt restore FILE`. */
export function register(program: Command): void {
  program
    .command("backup")
    .description("Write a consistent, checksummed backup of the whole database and its stored files to FILE (gzip'd JSON lines)")
    .argument("<file>", "backup file to create (must not exist)")
    .option("--no-files", "leave out the stored evidence files (they stay in the blob store)")
    .action(async (file: string, opts: { files: boolean }) => {
      if (fs.existsSync(file)) throw validationError(`file: ${file} already exists; choose a new name`);
      await withDatabase(
        async ({ handle, config }) => {
          const store = opts.files ? openBlobStore(config.blobStore) : null;
          const counts = await writeBackup(handle.db, file, { store, onTable: (t, n) => printError(`  ${t}: ${n} rows`) });
          const files = store ? " and the stored files" : " (without the stored files)";
          print(`backup written to ${file} (${Object.values(counts).reduce((a, b) => a + b, 0)} rows${files})`);
          print("keep a copy of the key file (`sabt keys path`) apart from it: confidential values cannot be read without it");
        },
        { open: { mustExist: true } },
      );
    });
  program
    .command("restore")
    .description("Restore a backup into an empty data directory (or empty DATABASE_URL database)")
    .argument("<file>", "backup file")
    .action(async (file: string) => {
      // Everything that needs no database is checked first, so a bad file or a missing key
      // leaves the target directory untouched.
      const info = await inspectBackup(file);
      assertKnownSchema(info);
      const config = commandConfig();
      const missing = missingBackupKeys(info, availableKeyIds(config));
      if (missing.length > 0) throw missingKeysError(missing, config.encryptionKey ? undefined : keyFilePath({ dataDir: config.dataDir, keyFile: config.keyFile }));
      await withDatabase(
        async ({ handle }) => {
          const store = openBlobStore(config.blobStore);
          const r = await restoreBackup(handle.db, file, { store, dataDir: config.dataDir, onTable: (t, n) => printError(`  ${t}: ${n} rows`) });
          print(
            `restored ${Object.values(r.counts).reduce((a, b) => a + b, 0)} rows and ${r.blobs} stored files from ${file}; the audit chain verifies`,
          );
          if (r.missingBlobs > 0) {
            printError(
              `warning: ${r.missingBlobs} stored files named by the archive are not in the blob store (the backup was written without them): ` +
                "copy the blobs/ folder of the old data directory here, then run `sabt verify`",
            );
          }
        },
        { config, open: { migrate: false } },
      );
    });
}
