import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/index.ts";
import { isSabtError } from "../shared/errors.ts";
import { printError } from "./output.ts";
import { registerCommands } from "./commands/index.ts";
import { registerListsCommand } from "./commands/lists.ts";

/**
 * Runs the `sabt` command line. Known errors print their id and message and exit non-zero;
 * unknown ones print a generic line (details only with SABT_DEBUG=1), never a stack trace.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("sabt")
    .description("Sabt (ثبت): evidence, sourced claims, victim lists and accountability records")
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  registerListsCommand(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = exitCodeFor(e);
  }
}

function exitCodeFor(e: unknown): number {
  if (e instanceof CommanderError) return e.exitCode;
  if (isSabtError(e)) {
    printError(`error [${e.id}]: ${e.message}`);
    return e.id === "validation_failed" ? 1 : 2;
  }
  if (e instanceof ConfigError) {
    printError(e.message);
    return 2;
  }
  printError(`error [internal]: ${(e as Error).message ?? String(e)}`);
  if (process.env.SABT_DEBUG === "1") printError((e as Error).stack ?? "");
  return 70;
}
