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

/** Who holds a lock: the process id and, on Linux, that process's start time. */
interface Holder {
  pid: number;
  started: string | null;
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
 * The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or null
 * where /proc is not available. A process id is reused after its process dies (in a container
 * Sabt is often pid 1 or 7 at every start), so a live pid alone does not prove the lock is held.
 */
function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may contain spaces: count after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function readHolder(file: string): Holder | null {
  try {
    const [pid, started] = fs.readFileSync(file, "utf8").split("\n");
    const n = Number.parseInt(pid ?? "", 10);
    return Number.isFinite(n) ? { pid: n, started: started?.trim() || null } : null;
  } catch {
    return null;
  }
}

/** True when the recorded holder is a process that is still running (not a reused pid). */
function holderAlive(h: Holder): boolean {
  if (h.pid === process.pid || !pidAlive(h.pid)) return false;
  if (h.started === null) return true;
  const now = processStartTime(h.pid);
  return now === null || now === h.started;
}

function tryCreate(file: string, content: string): boolean {
  try {
    fs.writeFileSync(file, content, { flag: "wx" });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  }
}

function lockedError(dataDir: string, pid: number): SabtError {
  return new SabtError(
    "data_dir_locked",
    `The data directory ${dataDir} is in use by another Sabt process (pid ${pid}). Stop it first, or use a different SABT_DATA_DIR.`,
    { pid },
  );
}

/**
 * Takes the exclusive lock on a data directory, or throws `data_dir_locked` naming the holder.
 * A stale lock (its process is gone) is removed under a second, short-lived "takeover" lock, so
 * two processes starting after a crash cannot both remove it and both go on.
 * @throws SabtError data_dir_locked when another live process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "sabt.lock");
  const takeover = `${file}.takeover`;
  const content = `${process.pid}\n${processStartTime(process.pid) ?? ""}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(file, content)) {
      return {
        release() {
          if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    }
    const holder = readHolder(file);
    if (holder && holderAlive(holder)) throw lockedError(dataDir, holder.pid);
    // Stale (or half-written by a process that just started: then it is alive on the next look).
    if (!holder) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      if (!readHolder(file)) fs.rmSync(file, { force: true });
      continue;
    }
    const other = readHolder(takeover);
    if (other && holderAlive(other)) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      continue;
    }
    if (other) fs.rmSync(takeover, { force: true });
    if (!tryCreate(takeover, content)) continue;
    try {
      // Only the takeover holder removes a stale lock, and only after looking again.
      const again = readHolder(file);
      if (!again || !holderAlive(again)) fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(takeover, { force: true });
    }
  }
  throw new SabtError("data_dir_locked", `Could not lock the data directory ${dataDir}; remove ${file} if no Sabt process is running`);
}
