import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pipeline } from "node:stream/promises";
import { PassThrough } from "node:stream";
import zlib from "node:zlib";
import { verifyAuditChain } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { SabtError, validationError } from "../shared/errors.ts";
import { countAll, createLoader, dumpAll, type DumpLine } from "./dump.service.ts";

const FORMAT = "sabt-backup/1";

/** What a backup's first line says. */
interface BackupHeader {
  format: string;
  createdAt: string;
}

/** What a backup's last line says: row counts and a SHA-256 over every line before it. */
interface BackupTrailer {
  end: true;
  counts: Record<string, number>;
  sha256: string;
}

/**
 * Writes a consistent, engine-independent backup (gzip'd JSON lines with a checksummed
 * trailer) to a temporary file and renames it into place, so a crash never leaves a file that
 * looks complete but is not.
 */
export async function writeBackup(db: Db, file: string, onTable?: (table: string, rows: number) => void): Promise<Record<string, number>> {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const hash = createHash("sha256");
  const out = new PassThrough();
  const gz = zlib.createGzip({ level: 6 });
  const sink = fs.createWriteStream(tmp, { flags: "wx" });
  const done = pipeline(out, gz, sink);
  const writeLine = async (obj: unknown) => {
    const line = JSON.stringify(obj) + "\n";
    hash.update(line);
    if (!out.write(line)) await new Promise((r) => out.once("drain", r));
  };
  try {
    const header: BackupHeader = { format: FORMAT, createdAt: new Date().toISOString() };
    await writeLine(header);
    const counts = await dumpAll(db, (l) => writeLine(l), onTable);
    const trailer: BackupTrailer = { end: true, counts, sha256: hash.digest("hex") };
    out.end(JSON.stringify(trailer) + "\n");
    await done;
    const fd = fs.openSync(tmp, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    return counts;
  } catch (e) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Restores a backup into an empty database in one transaction: the file's checksum and row
 * counts must match and the audit chain must verify, or nothing is kept.
 * @throws SabtError validation_failed when the target is not empty or the file is not a backup;
 *   integrity_failed when the file is damaged.
 */
export async function restoreBackup(db: Db, file: string, onTable?: (table: string, rows: number) => void): Promise<Record<string, number>> {
  if (!fs.existsSync(file)) throw validationError(`file: ${file} does not exist`);
  const existing = await countAll(db);
  const nonEmpty = Object.entries(existing).filter(([, n]) => n > 0);
  if (nonEmpty.length > 0) {
    throw validationError(
      `The target database is not empty (${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(", ")}). Restore into an empty data directory.`,
    );
  }
  const counts = await db.transaction().execute(async (trx) => {
    const loader = createLoader(trx);
    const tables = new Set(await loader.knownTables());
    const hash = createHash("sha256");
    const seen: Record<string, number> = {};
    let header: BackupHeader | undefined;
    let trailer: BackupTrailer | undefined;
    let lastTable = "";
    const input = fs.createReadStream(file).pipe(zlib.createGunzip());
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (trailer) throw new SabtError("integrity_failed", "The backup has data after its end marker");
        if (!line) continue;
        let obj: unknown;
        try {
          obj = JSON.parse(line);
        } catch {
          throw new SabtError("integrity_failed", "The backup contains a damaged line");
        }
        if (!header) {
          header = obj as BackupHeader;
          if (header.format !== FORMAT) throw validationError(`file: not a Sabt backup (${FORMAT})`);
          hash.update(line + "\n");
          continue;
        }
        if ((obj as BackupTrailer).end === true) {
          trailer = obj as BackupTrailer;
          continue;
        }
        hash.update(line + "\n");
        const d = obj as DumpLine;
        if (!tables.has(d.t)) throw new SabtError("integrity_failed", `The backup has rows for an unknown table ${d.t}`);
        if (d.t !== lastTable && lastTable) onTable?.(lastTable, seen[lastTable] ?? 0);
        lastTable = d.t;
        seen[d.t] = (seen[d.t] ?? 0) + 1;
        await loader.add(d);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "Z_DATA_ERROR" || (e as NodeJS.ErrnoException).code === "Z_BUF_ERROR") {
        throw new SabtError("integrity_failed", "The backup file is damaged (gzip)");
      }
      throw e;
    }
    if (lastTable) onTable?.(lastTable, seen[lastTable] ?? 0);
    if (!header) throw validationError("file: the backup is empty");
    if (!trailer) throw new SabtError("integrity_failed", "The backup is truncated: it has no end marker");
    if (trailer.sha256 !== hash.digest("hex")) throw new SabtError("integrity_failed", "The backup's checksum does not match its content");
    for (const [t, n] of Object.entries(trailer.counts)) {
      if ((seen[t] ?? 0) !== n) throw new SabtError("integrity_failed", `The backup should have ${n} rows of ${t}, it has ${seen[t] ?? 0}`);
    }
    await loader.finish();
    return trailer.counts;
  });
  const audit = await verifyAuditChain(db);
  if (!audit.ok) {
    throw new SabtError("integrity_failed", `Restored, but the audit chain does not verify: ${audit.problems[0]?.message ?? ""}`);
  }
  return counts;
}

/** Lists automatic backups in a folder, newest first. */
export function listAutoBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^auto-\d{8}T\d{6}Z\.sabt\.gz$/.test(f))
    .sort()
    .reverse()
    .map((f) => path.join(dir, f));
}

/** Writes an automatic backup into `dir` and removes the oldest beyond `keep`. */
export async function rollingBackup(db: Db, dir: string, keep: number): Promise<string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const file = path.join(dir, `auto-${stamp}.sabt.gz`);
  await writeBackup(db, file);
  for (const old of listAutoBackups(dir).slice(Math.max(1, keep))) fs.rmSync(old, { force: true });
  return file;
}
