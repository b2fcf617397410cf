/**
 * The CPU priority of a backup's worker thread. On a busy machine (or one whose cores several
 * programs share) a worker at the server's priority takes CPU time from the server's thread, and
 * every request then waits for it: the backup's thread must be the one that waits. Linux's
 * autogroup scheduling puts every thread of a session in one group, so the worker competes with
 * the server's thread above all, whatever else runs on the machine.
 */
import fs from "node:fs";
import os from "node:os";

/** How much lower (in nice steps) a backup thread runs than the process. */
const LOWER_BY = 10;

/**
 * Lowers the calling thread's CPU priority (a no-op where threads cannot be told apart). On Linux
 * `setpriority` given a thread's own id changes that thread alone, not the process.
 */
export function lowerThreadPriority(): void {
  try {
    const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
    if (!Number.isInteger(tid) || tid === process.pid) return;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + LOWER_BY));
  } catch {
    // Not Linux (no /proc/thread-self), or not allowed: the worker runs at the process's priority.
  }
}
