import fs from "node:fs";
import path from "node:path";

/**
 * A copy of the audit chain's head kept outside the database, in the data directory. The hash
 * chain shows any change to an entry that has a successor, but not the newest entries being cut
 * off or the newest one being rewritten with a fresh hash; the witness does: the entry it names
 * must still exist with the same hash.
 */
export interface AuditWitness {
  seq: string;
  hash: string;
  /** When the witness was written (ISO). */
  at: string;
}

/** Where the witness of a data directory is kept. */
export function auditWitnessPath(dataDir: string): string {
  return path.join(dataDir, "audit-head.json");
}

/** The data directory's witness, or undefined when there is none (or it is unreadable). */
export function readAuditWitness(dataDir: string): AuditWitness | undefined {
  try {
    const w = JSON.parse(fs.readFileSync(auditWitnessPath(dataDir), "utf8")) as Partial<AuditWitness>;
    if (typeof w.seq === "string" && typeof w.hash === "string" && typeof w.at === "string") return w as AuditWitness;
  } catch {
    // Missing or damaged: verification then relies on the chain alone.
  }
  return undefined;
}

/** Writes the witness atomically (write, fsync, rename), so a crash never leaves half a file. */
export function writeAuditWitness(dataDir: string, head: { seq: string; hash: string }): void {
  const file = auditWitnessPath(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w", 0o644);
  try {
    fs.writeSync(fd, JSON.stringify({ seq: head.seq, hash: head.hash, at: new Date().toISOString() }) + "\n");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** Removes the witness (a restore replaces the whole chain). */
export function removeAuditWitness(dataDir: string): void {
  fs.rmSync(auditWitnessPath(dataDir), { force: true });
}
