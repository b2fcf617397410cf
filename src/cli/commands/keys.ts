import type { Command } from "commander";
import { addPrimaryKey, installKeyring, keyFilePath, type KeySource } from "../../crypto/index.ts";
import { resealAll } from "../../key-rotation/index.ts";
import { resealSubmissions } from "../../submissions/index.ts";
import type { Config } from "../../config/index.ts";
import { withDatabase } from "../context.ts";
import { print, printError, printJson } from "../output.ts";

// SABT_ENCRYPTION_KEY / SABT_KEY_FILE reach us through the config once the lead adds them there;
// until then the default key file in the data directory is used.
function keySource(config: Config): KeySource {
  const c = config as Config & { encryptionKey?: string; keyFile?: string };
  return { dataDir: config.dataDir, encryptionKey: c.encryptionKey, keyFile: c.keyFile };
}

/** Registers `sabt keys rotate` and `sabt keys path`. */
export function register(program: Command): void {
  const keys = program.command("keys").description("Manage the key that encrypts confidential values at rest");
  keys
    .command("rotate")
    .description("Add a new primary key to the key file and re-encrypt every confidential value with it")
    .option("--json")
    .action(async (opts: { json?: boolean }) => {
      await withDatabase(async ({ handle, viewer, config }) => {
        const src = keySource(config);
        // With SABT_ENCRYPTION_KEY the operator puts the new key first in the variable; we only re-encrypt.
        if (!src.encryptionKey) {
          const added = addPrimaryKey(src);
          installKeyring(added.keyring);
          printError(`new primary key ${added.newKeyId} added to ${added.file} (older keys are kept: history revisions use them)`);
        }
        const report = { ...(await resealAll(handle.db, viewer, (n) => printError(`re-encrypted ${n} confidential values…`))), submissionsResealed: await resealSubmissions(handle.db, viewer) };
        const summary = `re-encrypted ${report.claimsResealed} confidential claim values, ${report.entityLabelsResealed} confidential entity labels, ${report.totpSecretsResealed} TOTP secrets and ${report.submissionsResealed} submissions with key ${report.primaryKeyId}`;
        if (opts.json) printJson(report);
        else print(summary);
      });
    });
  keys
    .command("path")
    .description("Print where the key file is (back it up separately from the database)")
    .action(async () => {
      await withDatabase(async ({ config }) => {
        print(keyFilePath(keySource(config)));
      });
    });
}
