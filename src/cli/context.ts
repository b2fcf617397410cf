import os from "node:os";
import { loadConfig, type Config } from "../config/index.ts";
import { advanceAuditWitness } from "../audit/index.ts";
import { openDatabase, type DatabaseHandle } from "../db/index.ts";
import { findAppliedMigrationNames } from "../db/index.ts";
import { commitExistingVersions } from "../integrity/index.ts";
import { Logger, setLogLevel } from "../shared/logger.ts";
import { systemViewer, type Viewer } from "../shared/viewer.ts";
import { printError } from "./output.ts";

/** What a command receives: configuration, the open database, the actor, and a stop signal. */
export interface CommandContext {
  config: Config;
  handle: DatabaseHandle;
  viewer: Viewer;
  /** Aborted on SIGINT/SIGTERM: long work stops after its current batch, then closes cleanly. */
  signal: AbortSignal;
}

/** The configuration of this process, with the log level applied. */
export function commandConfig(): Config {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  return config;
}

/**
 * Opens the database (taking the data directory lock), runs the command, and always closes it
 * cleanly — also on SIGINT/SIGTERM, where the command is asked to stop between batches.
 */
export async function withDatabase<T>(
  fn: (ctx: CommandContext) => Promise<T>,
  opts: { config?: Config; open?: { migrate?: boolean; mustExist?: boolean } } = {},
): Promise<T> {
  const config = opts.config ?? commandConfig();
  const handle = await openDatabase(config, opts.open);
  if (opts.open?.migrate !== false) {
    try {
      // Rows from before migration 0011 get their commitments at the first start after it.
      await commitExistingVersions(handle.db);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      printError(`${sig} again: stopping now.`);
      process.exit(130);
    }
    printError(`${sig}: finishing the current step and closing the database cleanly…`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await fn({ config, handle, viewer: cliViewer(), signal: controller.signal });
  } finally {
    await keepAuditWitness(handle, config.dataDir);
    await handle.close();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

// The audit head is copied outside the database whenever a command closes it, so that
// `sabt verify` can tell when the newest entries are later cut off. A failure here must not
// prevent closing.
async function keepAuditWitness(handle: DatabaseHandle, dataDir: string): Promise<void> {
  try {
    // A database that was never migrated (a refused restore into a fresh directory) has no log.
    if ((await findAppliedMigrationNames(handle.db)).length === 0) return;
    await advanceAuditWitness(handle.db, dataDir);
  } catch (e) {
    Logger.warn("audit", "could not record the audit head outside the database", { error: (e as Error).message });
  }
}

/** The actor named in the audit log for commands run from this terminal. */
export function cliViewer(): Viewer {
  let user = "unknown";
  try {
    user = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return systemViewer(`cli:${user}`);
}
