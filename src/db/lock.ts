import fs from "node:fs";
import path from "node:path";
import { SabtError } from "../shared/errors.ts";

/**
 * PGlite does not lock its data directory, and a second process opening it corrupts it. This is a
 * PID lock file created with O_EXCL (atomic), like PostgreSQL's postmaster.pid: a lock whose owner
 * process no longer exists (after a crash or `kill -9`) is taken over, a live one is refused.
 */
export interface DataDirLock {
  release(): void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the exclusive lock on a data directory, or throws `data_dir_locked` naming the holder.
 * @throws SabtError data_dir_locked when another live process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "sabt.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return {
        release() {
          try {
            if (fs.readFileSync(file, "utf8").trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
      if (Number.isFinite(holder) && holder !== process.pid && pidAlive(holder)) {
        throw new SabtError(
          "data_dir_locked",
          `The data directory ${dataDir} is in use by another Sabt process (pid ${holder}). Stop it first, or use a different SABT_DATA_DIR.`,
          { pid: holder },
        );
      }
      // Stale lock from a process that died: remove it and retry the atomic create.
      fs.rmSync(file, { force: true });
    }
  }
  throw new SabtError("data_dir_locked", `Could not lock the data directory ${dataDir}`);
}
