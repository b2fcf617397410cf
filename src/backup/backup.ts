import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { PassThrough } from "node:stream";
import zlib from "node:zlib";
import type { BlobStore } from "../archive/index.ts";
import { resetAuditWitness, verifyAuditChain } from "../audit/index.ts";
import { activeKeyring, hasKeyring } from "../crypto/index.ts";
import { embeddedDataDirOf, findAppliedMigrationNames, knownMigrationNames, latestMigrationName, migrateTo, migrateToLatest, type Db } from "../db/index.ts";
import { SabtError, validationError } from "../shared/errors.ts";
import { countAll, createLoader, dumpAll, type DumpLine } from "./dump.service.ts";
import { findArchiveBlobHashes } from "./dump.repository.ts";
import { gzipSink } from "./gzip-sink.ts";
import { SNAPSHOT_PREFIX, writeBackupFromCopy } from "./snapshot-runner.ts";
import type { BackupStep } from "./snapshot.ts";

const FORMAT = "sabt-backup/1";
/** The schema of backups written before the header named it (all of them had this one). */
const SCHEMA_BEFORE_HEADER = "2026_11_26_0008_sealed_terms";
/** Raw bytes per line of a stored file (base64 makes lines of about 1 MiB). */
const BLOB_CHUNK = 768 * 1024;
const SEALED_KEY_ID = /"sabt:1:([A-Za-z0-9_-]+):/g;

/** What a backup's first line says. */
export interface BackupHeader {
  format: string;
  createdAt: string;
  /** The newest migration of the database it was written from. */
  schema?: string;
  /** Whether the stored files (evidence) are inside. */
  blobs?: boolean;
}

/** What a backup's last line says: row counts, files, key ids and a SHA-256 over every line before it. */
export interface BackupTrailer {
  end: true;
  counts: Record<string, number>;
  /** How many stored files are inside. */
  blobs?: number;
  /** The ids of the encryption keys its confidential values are sealed with. */
  keyIds?: string[];
  sha256: string;
}

/** A backup file that passed every check that needs no database. */
export interface BackupInfo {
  header: BackupHeader;
  trailer: BackupTrailer;
  /** The schema it was written with. */
  schema: string;
}

/** What a restore brought back. */
export interface RestoreResult {
  counts: Record<string, number>;
  blobs: number;
  /** Archive items whose stored file is not in the blob store after the restore. */
  missingBlobs: number;
}

/** One line of a stored file inside a backup: a start (`b`, `n`) or a chunk of its bytes (`c`). */
interface BlobLine {
  b?: string;
  n?: number;
  c?: string;
}

function fileError(file: string, e: unknown, writing: boolean): SabtError {
  const code = (e as NodeJS.ErrnoException).code ?? "";
  const why: Record<string, string> = {
    ENOENT: writing ? "its folder does not exist" : "it does not exist",
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOTDIR: "a part of the path is not a folder",
    EISDIR: "it is a folder",
    ENOSPC: "the disk is full",
    // mkdir says EEXIST when a part of the path is a file.
    EEXIST: writing ? "a part of the path is a file, not a folder" : "it already exists",
  };
  return validationError(`file: cannot ${writing ? "write" : "read"} ${file}: ${why[code] ?? (e as Error).message}`);
}

/**
 * Writes a consistent, engine-independent backup (gzip'd JSON lines with a checksummed
 * trailer) to a temporary file and renames it into place, so a crash never leaves a file that
 * looks complete but is not. With a blob store, the stored files of the archive go inside too
 * (each checked against its hash on the way), so a restore into an empty directory loses nothing.
 * `compressOnThisThread` (a worker thread) compresses on the calling thread, not in the thread pool.
 * @throws SabtError validation_failed when the file exists or cannot be written; integrity_failed
 *   when a stored file is missing or damaged.
 */
export async function writeBackup(
  db: Db,
  file: string,
  options: { store?: BlobStore | null; onTable?: (table: string, rows: number) => void; compressOnThisThread?: boolean } = {},
): Promise<Record<string, number>> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw validationError(`file: ${file} already exists; choose a new name`);
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fd = fs.openSync(tmp, "wx", 0o600);
  } catch (e) {
    throw fileError(file, e, true);
  }
  const hash = createHash("sha256");
  const out = gzipSink(fd, { onThisThread: options.compressOnThisThread ?? false });
  const keyIds = new Set<string>();
  const writeLine = async (obj: unknown) => {
    const line = JSON.stringify(obj) + "\n";
    hash.update(line);
    await out.write(line);
    return line;
  };
  try {
    const applied = await findAppliedMigrationNames(db);
    const store = options.store ?? null;
    const header: BackupHeader = { format: FORMAT, createdAt: new Date().toISOString(), schema: applied.at(-1) ?? "", blobs: store !== null };
    await writeLine(header);
    let blobs: string[] = [];
    const counts = await dumpAll(
      db,
      async (l) => {
        const line = await writeLine(l);
        for (const m of line.matchAll(SEALED_KEY_ID)) keyIds.add(m[1]!);
      },
      options.onTable,
      (b) => (blobs = b),
    );
    if (store) for (const sha of blobs) await writeBlob(store, sha, writeLine);
    const trailer: BackupTrailer = { end: true, counts, blobs: store ? blobs.length : 0, keyIds: [...keyIds].sort(), sha256: hash.digest("hex") };
    await out.write(JSON.stringify(trailer) + "\n");
    await out.end();
    const check = fs.openSync(tmp, "r");
    fs.fsyncSync(check);
    fs.closeSync(check);
    fs.renameSync(tmp, target);
    return counts;
  } catch (e) {
    out.abort();
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code && !(e instanceof SabtError) && /^E[A-Z]+$/.test(code)) throw fileError(file, e, true);
    throw e;
  }
}

async function writeBlob(store: BlobStore, sha256: string, writeLine: (o: unknown) => Promise<string>): Promise<void> {
  const stat = await store.stat(sha256);
  if (!stat) throw new SabtError("integrity_failed", `The stored file ${sha256} is missing from the blob store; run \`sabt verify\` (or back up without files: --no-files)`);
  await writeLine({ b: sha256, n: stat.size } satisfies BlobLine);
  const h = createHash("sha256");
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of await store.open(sha256)) {
    const buf = chunk as Buffer;
    h.update(buf);
    pending = pending.length === 0 ? buf : Buffer.concat([pending, buf]);
    while (pending.length >= BLOB_CHUNK) {
      await writeLine({ c: pending.subarray(0, BLOB_CHUNK).toString("base64") } satisfies BlobLine);
      pending = pending.subarray(BLOB_CHUNK);
    }
  }
  if (pending.length > 0) await writeLine({ c: pending.toString("base64") } satisfies BlobLine);
  if (h.digest("hex") !== sha256) {
    throw new SabtError("integrity_failed", `The stored file ${sha256} is damaged (its bytes no longer match its hash); run \`sabt verify\``);
  }
}

/** Walks a backup's lines after opening checks; every damaged state becomes a clear SabtError. */
async function* backupLines(file: string): AsyncGenerator<string> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw fileError(file, e, false);
  }
  if (st.isDirectory()) throw validationError(`file: ${file} is a folder, not a Sabt backup`);
  if (st.size === 0) throw validationError(`file: ${file} is empty, not a Sabt backup`);
  let magic: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    magic = Buffer.alloc(2);
    fs.readSync(fd, magic, 0, 2, 0);
    fs.closeSync(fd);
  } catch (e) {
    throw fileError(file, e, false);
  }
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) throw validationError(`file: ${file} is not a Sabt backup (not a gzip file)`);
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) yield line;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR" || code === "ERR_STREAM_PREMATURE_CLOSE") {
      throw new SabtError("integrity_failed", `The backup ${file} is damaged or truncated (${(e as Error).message}); nothing was restored`);
    }
    throw e;
  } finally {
    lines.close();
    input.destroy();
  }
}

/**
 * Reads a backup through once without a database: the header, every line's JSON, the end
 * marker, the checksum and the row counts must all hold. A restore starts only after this.
 * @throws SabtError validation_failed when it is not a Sabt backup; integrity_failed when damaged.
 */
export async function inspectBackup(file: string): Promise<BackupInfo> {
  const hash = createHash("sha256");
  // Table names are read from the file: counted in a Map, since a plain object would start the
  // count of a table called "constructor" at Object.prototype.constructor (issue 13).
  const seen = new Map<string, number>();
  let blobs = 0;
  let header: BackupHeader | undefined;
  let trailer: BackupTrailer | undefined;
  for await (const line of backupLines(file)) {
    if (trailer) throw new SabtError("integrity_failed", "The backup has data after its end marker; nothing was restored");
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      if (!header) throw validationError(`file: ${file} is not a Sabt backup`);
      throw new SabtError("integrity_failed", "The backup contains a damaged line; nothing was restored");
    }
    if (!header) {
      header = obj as BackupHeader;
      if (header?.format !== FORMAT) throw validationError(`file: ${file} is not a Sabt backup (${FORMAT})`);
    } else if ((obj as BackupTrailer).end === true) {
      trailer = obj as BackupTrailer;
      continue;
    } else if (typeof (obj as DumpLine).t === "string") {
      const t = (obj as DumpLine).t;
      seen.set(t, (seen.get(t) ?? 0) + 1);
    } else if (typeof (obj as BlobLine).b === "string") {
      blobs++;
    }
    hash.update(line + "\n");
  }
  if (!header) throw validationError(`file: ${file} is not a Sabt backup`);
  if (!trailer) throw new SabtError("integrity_failed", "The backup is truncated: it has no end marker; nothing was restored");
  if (trailer.sha256 !== hash.digest("hex")) throw new SabtError("integrity_failed", "The backup's checksum does not match its content: it was altered or damaged; nothing was restored");
  const counts = trailer.counts ?? {};
  for (const t of new Set([...Object.keys(counts), ...seen.keys()])) {
    const n = Object.hasOwn(counts, t) ? counts[t] : 0;
    const found = seen.get(t) ?? 0;
    if (found !== n) throw new SabtError("integrity_failed", `The backup should have ${n} rows of ${t}, it has ${found}; nothing was restored`);
  }
  if ((trailer.blobs ?? 0) !== blobs) throw new SabtError("integrity_failed", `The backup should hold ${trailer.blobs ?? 0} stored files, it holds ${blobs}; nothing was restored`);
  return { header, trailer, schema: header.schema ?? SCHEMA_BEFORE_HEADER };
}

/**
 * The key ids a backup needs that are not among `available`. Without them its confidential
 * values cannot be read, so a restore is refused rather than losing them silently.
 */
export function missingBackupKeys(info: BackupInfo, available: Iterable<string>): string[] {
  const have = new Set(available);
  return (info.trailer.keyIds ?? []).filter((k) => !have.has(k));
}

/** Refuses a backup written by a newer Sabt, whose schema this version cannot build. */
export function assertKnownSchema(info: BackupInfo): void {
  if (!knownMigrationNames().includes(info.schema)) {
    throw validationError(
      `file: the backup was written by a newer version of Sabt (schema ${info.schema}; this version knows up to ${latestMigrationName()}). Upgrade Sabt, then restore.`,
    );
  }
}

/**
 * Restores a backup into an empty database: the file is checked through first (checksum, counts,
 * schema, encryption keys), then the schema the backup was written with is built, every row and
 * stored file is loaded in one transaction (nothing is kept on any failure), the schema is
 * migrated to the latest, and the audit chain must verify.
 * @throws SabtError validation_failed when the target is not empty, the file is not a backup, it
 *   comes from a newer Sabt or needs a key that is not loaded; integrity_failed when damaged.
 */
export async function restoreBackup(
  db: Db,
  file: string,
  options: { store?: BlobStore | null; dataDir?: string; onTable?: (table: string, rows: number) => void } = {},
): Promise<RestoreResult> {
  const info = await inspectBackup(file);
  assertKnownSchema(info);
  if (hasKeyring()) {
    const missing = missingBackupKeys(info, activeKeyring().keys.keys());
    if (missing.length > 0) throw missingKeysError(missing);
  }
  const existing = await countAll(db);
  const nonEmpty = Object.entries(existing).filter(([, n]) => n > 0);
  if (nonEmpty.length > 0) {
    throw validationError(
      `The target database is not empty (${nonEmpty.map(([t, n]) => `${t}: ${n}`).join(", ")}). Restore into an empty data directory.`,
    );
  }
  const applied = await findAppliedMigrationNames(db);
  if (applied.at(-1) !== info.schema) await migrateTo(db, info.schema);
  let blobs = 0;
  await db.transaction().execute(async (trx) => {
    const loader = await createLoader(trx);
    const hash = createHash("sha256");
    let lastTable = "";
    let rows = 0;
    let blob: { sha: string; input: PassThrough; staged: ReturnType<BlobStore["stage"]> } | undefined;
    const endBlob = async () => {
      if (!blob || !options.store) return;
      blob.input.end();
      const staged = await blob.staged;
      if (staged.sha256 !== blob.sha) {
        await staged.discard();
        throw new SabtError("integrity_failed", `The backup's copy of stored file ${blob.sha} is damaged; nothing was restored`);
      }
      await options.store.commit(staged);
      blob = undefined;
    };
    let first = true;
    for await (const line of backupLines(file)) {
      if (!line) continue;
      const obj = JSON.parse(line) as DumpLine & BlobLine & { end?: true };
      if (first || obj.end === true) {
        if (first) hash.update(line + "\n");
        first = false;
        continue;
      }
      hash.update(line + "\n");
      if (typeof obj.c === "string") {
        if (blob && !blob.input.write(Buffer.from(obj.c, "base64"))) await new Promise((r) => blob?.input.once("drain", r));
        continue;
      }
      if (typeof obj.b === "string") {
        await endBlob();
        blobs++;
        if (options.store) {
          const input = new PassThrough();
          const staged = options.store.stage(input);
          staged.catch(() => undefined);
          blob = { sha: obj.b, input, staged };
        }
        continue;
      }
      if (obj.t !== lastTable && lastTable) options.onTable?.(lastTable, rows);
      if (obj.t !== lastTable) rows = 0;
      lastTable = obj.t;
      rows++;
      await loader.add(obj);
    }
    await endBlob();
    if (lastTable) options.onTable?.(lastTable, rows);
    // The file was checked before; it must not have changed since.
    if (hash.digest("hex") !== info.trailer.sha256) throw new SabtError("integrity_failed", "The backup changed while it was being restored; nothing was restored");
    await loader.finish();
  });
  if (info.schema !== latestMigrationName()) await migrateToLatest(db);
  if (options.dataDir) await resetAuditWitness(db, options.dataDir);
  const audit = await verifyAuditChain(db);
  if (!audit.ok) {
    throw new SabtError("integrity_failed", `Restored, but the audit chain does not verify: ${audit.problems[0]?.message ?? ""}`);
  }
  const missingBlobs = options.store ? await countMissingBlobs(db, options.store) : 0;
  return { counts: info.trailer.counts, blobs, missingBlobs };
}

/** How many distinct stored files the archive names that the blob store does not have. */
export async function countMissingBlobs(db: Db, store: BlobStore): Promise<number> {
  let missing = 0;
  for (const sha of await findArchiveBlobHashes(db)) if (!(await store.stat(sha))) missing++;
  return missing;
}

/** The refusal for a backup whose encryption keys are not loaded, saying what to do. */
export function missingKeysError(missing: readonly string[], keyFile?: string): SabtError {
  const where = keyFile ? `Copy the key file of the data directory the backup came from to ${keyFile}` : "Put the key file of the data directory the backup came from in place";
  return validationError(
    `The backup's confidential values are encrypted with key ${missing.join(", ")}, which is not loaded: nothing was restored. ` +
      `${where} (\`sabt keys path\` shows where it is) or set SABT_ENCRYPTION_KEY, then restore again.`,
  );
}

/** Lists automatic backups in a folder, newest first. */
export function listAutoBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  // Ordered by stamp, then by the number a second backup in the same second gets: plain text
  // order would put "…Z-1.sabt.gz" before "…Z.sabt.gz", which it follows.
  const order = (f: string) => {
    const m = /^auto-(\d{8}T\d{6})Z(?:-(\d+))?\.sabt\.gz$/.exec(f)!;
    return `${m[1]}.${(m[2] ?? "0").padStart(6, "0")}`;
  };
  return fs
    .readdirSync(dir)
    .filter((f) => /^auto-\d{8}T\d{6}Z(-\d+)?\.sabt\.gz$/.test(f))
    .sort((a, b) => (order(a) < order(b) ? 1 : order(a) > order(b) ? -1 : 0))
    .map((f) => path.join(dir, f));
}

/**
 * Writes an automatic backup into `dir` and removes the oldest beyond `keep`, and any temporary
 * file or copy a killed backup left behind. Automatic backups leave out the stored files: those
 * are immutable, content-addressed files beside the database, not touched by what can damage it.
 * On the embedded engine the backup is written from an online copy in a worker thread, so
 * requests go on meanwhile (snapshot.ts); on PostgreSQL its repeatable-read dump blocks nobody.
 * `onStep` hears each step of the embedded engine's backup as it begins (the benchmark's report).
 */
export async function rollingBackup(db: Db, dir: string, keep: number, options: { onStep?: (step: BackupStep) => void } = {}): Promise<string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  let file = path.join(dir, `auto-${stamp}.sabt.gz`);
  // Two backups in the same second (a restart): keep both rather than refuse the second.
  for (let i = 1; fs.existsSync(file); i++) file = path.join(dir, `auto-${stamp}.sabt.gz`.replace("Z.sabt", `Z-${i}.sabt`));
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir)) {
      if (/^\.auto-.*\.tmp$/.test(f) && !f.includes(`.${process.pid}.`)) fs.rmSync(path.join(dir, f), { force: true });
      if (f.startsWith(SNAPSHOT_PREFIX) && !f.startsWith(`${SNAPSHOT_PREFIX}${process.pid}-`)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
    }
  }
  const pgdata = embeddedDataDirOf(db);
  if (pgdata) await writeBackupFromCopy(db, pgdata, file, options.onStep);
  else await writeBackup(db, file, { store: null });
  for (const old of listAutoBackups(dir).slice(Math.max(1, keep))) fs.rmSync(old, { force: true });
  return file;
}
