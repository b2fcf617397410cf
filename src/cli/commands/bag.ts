import type { Command } from "commander";
import { actorName } from "../../shared/viewer.ts";
import { withDatabase } from "../context.ts";
import { print, printJson } from "../output.ts";
import { cliBlobStore } from "./archive.ts";

/** Registers `sabt bag ID… --out DIR` and `sabt bag-validate DIR`. */
export function register(program: Command): void {
  program
    .command("bag")
    .description(
      "Write a BagIt 1.0 evidence package of archive items (files, custody logs, timestamps, citing claims)",
    )
    .argument("<ids...>", "archive item ids")
    .requiredOption("--out <dir>", "new or empty directory for the bag")
    .option("--organization <name>", "Source-Organization in bag-info.txt", "Sabt")
    .option("--description <text>", "purpose or recipient, recorded in bag-info.txt and the custody logs")
    .option("--no-derived", "leave out items derived from the given ones")
    .option("--json", "print the result as JSON")
    .action(
      async (
        ids: string[],
        opts: { out: string; organization: string; description?: string; derived: boolean; json?: boolean },
      ) => {
        const { exportEvidenceBag, validateBag } = await import("../../archive/index.ts");
        await withDatabase(async ({ config, handle, viewer }) => {
          const written = await exportEvidenceBag(handle.db, await cliBlobStore(config), ids, opts.out, {
            actor: actorName(viewer),
            sourceOrganization: opts.organization,
            description: opts.description,
            includeDerived: opts.derived,
          });
          const check = await validateBag(opts.out);
          if (opts.json) {
            printJson({
              dir: written.dir,
              externalIdentifier: written.externalIdentifier,
              payloadOxum: written.payloadOxum,
              items: written.itemIds,
              valid: check.valid,
            });
          } else {
            print(
              `wrote bag ${written.externalIdentifier} to ${written.dir} (${written.itemIds.length} items, Payload-Oxum ${written.payloadOxum})`,
            );
            print(check.valid ? "bag validates" : `bag does NOT validate:\n  ${check.errors.join("\n  ")}`);
          }
          if (!check.valid) process.exitCode = 1;
        });
      },
    );
  // A separate command, because `bag` takes any number of ids: this checks any bag, ours or received.
  program
    .command("bag-validate")
    .description("Validate a BagIt bag (RFC 8493): manifests, checksums, completeness, Payload-Oxum")
    .argument("<dir>", "bag directory")
    .option("--json", "print the result as JSON")
    .action(async (dir: string, opts: { json?: boolean }) => {
      const { validateBag } = await import("../../archive/index.ts");
      const r = await validateBag(dir);
      if (opts.json) printJson({ valid: r.valid, errors: r.errors });
      else print(r.valid ? `${dir}: valid` : `${dir}: INVALID\n  ${r.errors.join("\n  ")}`);
      if (!r.valid) process.exitCode = 1;
    });
}
