import type { Command } from "commander";
import { register as registerBackup } from "./backup.ts";
import { register as registerDemo } from "./demo.ts";
import { register as registerExport } from "./export.ts";
import { register as registerImport } from "./import.ts";
import { register as registerServe } from "./serve.ts";
import { register as registerUsers } from "./users.ts";
import { register as registerVerify } from "./verify.ts";

/**
 * Registers every `sabt` subcommand. Each command lives in its own file in this folder and
 * exports `register(program)`; keep this list alphabetical.
 */
export function registerCommands(program: Command): void {
  registerBackup(program);
  registerDemo(program);
  registerExport(program);
  registerImport(program);
  registerServe(program);
  registerUsers(program);
  registerVerify(program);
}
