import type { Command } from "commander";
import { register as registerArchive } from "./archive.ts";
import { register as registerBackup } from "./backup.ts";
import { register as registerBag } from "./bag.ts";
import { register as registerDemo } from "./demo.ts";
import { register as registerExport } from "./export.ts";
import { register as registerExportSite } from "./export-site.ts";
import { register as registerImport } from "./import.ts";
import { register as registerJobs } from "./jobs.ts";
import { register as registerKeys } from "./keys.ts";
import { register as registerLink } from "./link.ts";
import { register as registerMse } from "./mse.ts";
import { register as registerServe } from "./serve.ts";
import { register as registerUsers } from "./users.ts";
import { register as registerVerify } from "./verify.ts";
import { register as registerWorker } from "./worker.ts";

/**
 * Registers every `sabt` subcommand. Each command lives in its own file in this folder and
 * exports `register(program)`; keep this list alphabetical.
 */
export function registerCommands(program: Command): void {
  registerArchive(program);
  registerBackup(program);
  registerBag(program);
  registerDemo(program);
  registerExport(program);
  registerExportSite(program);
  registerImport(program);
  registerJobs(program);
  registerKeys(program);
  registerLink(program);
  registerMse(program);
  registerServe(program);
  registerUsers(program);
  registerVerify(program);
  registerWorker(program);
}
