/**
 * Where an export writes: a staging directory next to the export directory (same file system),
 * swapped in by rename only when the export is complete, so that an interrupted or failed run
 * leaves the previous export exactly as it was. A file whose bytes equal the previous export's is
 * not rewritten but hard-linked (or, where the file system has no hard links, copied with its
 * modification time), so that `rsync` and other mirrors see only what changed. The run records
 * what changed and what was removed in `.sabt-export/` beside the files.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { validationError } from "../../shared/errors.ts";
import { FileQueue } from "./file-queue.ts";

/** The folder of an export's own records (marker, lists of changed and deleted files). */
export const EXPORT_META_DIR = ".sabt-export";
/** The marker that tells a previous Sabt export from any other directory. */
export const EXPORT_MARKER = `${EXPORT_META_DIR}/export.json`;

/** The staging directory of an export directory: hidden, next to it, on the same file system. */
export function stagingDirOf(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.sabt-staging`);
}

/** Where the previous export waits while the new one is renamed into place. */
export function retiredDirOf(dir: string): string {
  const abs = path.resolve(dir);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.sabt-previous`);
}

/**
 * Checks that `dir` may receive an export: absent, empty, or a previous Sabt export.
 * @returns whether `dir` holds a previous export
 * @throws SabtError validation_failed for a file, or a non-empty directory that is not an export
 */
export function checkExportDir(dir: string): boolean {
  if (!fs.existsSync(dir)) return false;
  if (!fs.statSync(dir).isDirectory()) throw validationError(`${dir}: a file, not a directory`);
  if (fs.readdirSync(dir).length === 0) return false;
  if (fs.existsSync(path.join(dir, EXPORT_MARKER))) return true;
  throw validationError(`${dir}: the directory is not empty and is not a previous Sabt export (it has no ${EXPORT_MARKER})`);
}

/** What a finished export changed against the previous one. */
export interface ExportChanges {
  /** Files new or different from the previous export's, sorted. */
  changed: string[];
  /** Files of the previous export that this one no longer has, sorted. */
  deleted: string[];
}

/** The files under a directory, relative, `/`-separated, leaving out the export's own records. */
function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => !f.startsWith(`${EXPORT_META_DIR}/`));
}

/**
 * The staging directory of one export run. `write` files into it, then `commit` (swap it in) or
 * `discard` (remove it, the export directory untouched).
 */
export class ExportTarget {
  readonly staging: string;
  readonly #dir: string;
  readonly #previous: boolean;
  readonly #queue = new FileQueue();
  readonly #written = new Set<string>();
  readonly #changed = new Set<string>();
  #linkable = true;
  // Set once committed or discarded: a share image finishing after a stop must not recreate the
  // staging directory.
  #closed = false;

  private constructor(dir: string, previous: boolean) {
    this.#dir = path.resolve(dir);
    this.#previous = previous;
    this.staging = stagingDirOf(dir);
  }

  /**
   * Checks `dir` (see `checkExportDir`) and creates a fresh staging directory beside it; a staging
   * directory left by a killed run is removed first.
   * @throws SabtError validation_failed when `dir` may not receive an export or its parent is not writable
   */
  static open(dir: string): ExportTarget {
    recoverExportDir(dir);
    const retired = retiredDirOf(dir);
    const previous = checkExportDir(dir);
    const t = new ExportTarget(dir, previous);
    try {
      fs.mkdirSync(path.dirname(t.#dir), { recursive: true });
      fs.rmSync(t.staging, { recursive: true, force: true });
      fs.rmSync(retired, { recursive: true, force: true });
      fs.mkdirSync(t.staging);
    } catch (e) {
      throw validationError(`${dir}: cannot create the export beside it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return t;
  }

  /**
   * Queues one file (relative path) to be written; bytes equal to the previous export's keep its
   * file and time. Written in the background: `room` before the next, `commit` once all are queued.
   */
  write(rel: string, body: string | Uint8Array): void {
    if (this.#closed) throw new Error("the export is already finished or stopped");
    const target = path.join(this.staging, rel);
    // A file written twice (a search page given its script) must not overwrite a hard link: that
    // would change the previous export's file too.
    const again = this.#written.has(rel);
    this.#written.add(rel);
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    this.#queue.run(target, async () => {
      // Linked, copied or written, the file is created in the staging folder.
      await this.#queue.folderOf(target);
      if (again) await fsp.rm(target, { force: true });
      if (this.#previous && (await this.#keep(rel, target, bytes))) {
        this.#changed.delete(rel);
        return;
      }
      await fsp.writeFile(target, bytes);
      this.#changed.add(rel);
    });
  }

  /** Waits until few enough files are being written to queue more (the queue holds their bytes). */
  room(): Promise<void> {
    return this.#queue.room();
  }

  /** Reads back a file already written in this run. */
  async read(rel: string): Promise<Buffer> {
    await this.#queue.settled();
    return fs.readFileSync(path.join(this.staging, rel));
  }

  /** True when this run has written the file. */
  has(rel: string): boolean {
    return this.#written.has(rel);
  }

  /** Links (or copies with its time) the previous export's file when its bytes are the same. */
  async #keep(rel: string, target: string, bytes: Uint8Array): Promise<boolean> {
    const old = path.join(this.#dir, rel);
    if (!(await sameBytes(old, bytes))) return false;
    if (this.#linkable) {
      try {
        await fsp.link(old, target);
        return true;
      } catch {
        // FAT and some network file systems have no hard links: copy, keeping the time.
        this.#linkable = false;
      }
    }
    await fsp.copyFile(old, target);
    const st = await fsp.stat(old);
    await fsp.utimes(target, st.atime, st.mtime);
    return true;
  }

  /**
   * Records the changes and the marker, then swaps the staging directory in: the previous export
   * is renamed aside, the new one renamed into its place, and the previous one removed.
   */
  async commit(run = ""): Promise<ExportChanges> {
    this.#closed = true;
    await this.#queue.settled();
    const changed = [...this.#changed].sort();
    const deleted = listFiles(this.#dir).filter((f) => !this.#written.has(f)).sort();
    writeRunRecords(this.staging, run, this.#written.size, { changed, deleted });
    const retired = retiredDirOf(this.#dir);
    const existed = fs.existsSync(this.#dir);
    if (existed) fs.renameSync(this.#dir, retired);
    try {
      fs.renameSync(this.staging, this.#dir);
    } catch (e) {
      if (existed) fs.renameSync(retired, this.#dir);
      throw e;
    }
    fs.rmSync(retired, { recursive: true, force: true });
    return { changed, deleted };
  }

  /** Removes the staging directory once no write is under way; the export directory stays as it was. */
  async discard(): Promise<void> {
    this.#closed = true;
    await this.#queue.drained();
    fs.rmSync(this.staging, { recursive: true, force: true });
  }
}

/** What a run writes into: a whole new export (`ExportTarget`) or the changes to one (`PatchTarget`). */
export interface ExportWriter {
  write(rel: string, body: string | Uint8Array): void;
  room(): Promise<void>;
  read(rel: string): Promise<Buffer>;
  has(rel: string): boolean;
  discard(): Promise<void>;
}

/** The export run recorded in a directory's marker ("" for none or an older export). */
export function exportRunOf(dir: string): string {
  try {
    const m: unknown = JSON.parse(fs.readFileSync(path.join(dir, EXPORT_MARKER), "utf8"));
    return typeof m === "object" && m !== null && "run" in m && typeof m.run === "string" ? m.run : "";
  } catch {
    return "";
  }
}

// The list of moves a patch makes, written last into its staging directory: with it, the patch is
// complete and is finished (by whichever run comes next, should this one be killed while moving).
const JOURNAL = `${EXPORT_META_DIR}/patch.json`;
const JournalSchema = z.object({ changed: z.array(z.string()), deleted: z.array(z.string()) });

/**
 * The changes of an incremental export: changed files are written into a staging directory beside
 * the export and moved into it, one rename each, only when the run is complete; removed files are
 * deleted then. The moves run in one synchronous stretch (no signal handler runs in between), after a
 * journal is written, so that a run killed mid-way is finished by the next one: the export is always
 * the previous one or the new one.
 */
export class PatchTarget implements ExportWriter {
  readonly staging: string;
  readonly #dir: string;
  readonly #queue = new FileQueue();
  readonly #written = new Set<string>();
  readonly #changed = new Set<string>();
  #closed = false;

  private constructor(dir: string) {
    this.#dir = path.resolve(dir);
    this.staging = stagingDirOf(dir);
  }

  /** Opens a previous export for patching (a patch a killed run left complete is finished first). */
  static open(dir: string): PatchTarget {
    recoverExportDir(dir);
    if (!checkExportDir(dir)) throw new Error(`${dir} holds no previous export to patch`);
    const t = new PatchTarget(dir);
    fs.rmSync(t.staging, { recursive: true, force: true });
    fs.mkdirSync(t.staging);
    return t;
  }

  /** Queues one file to be written; bytes equal to the export's own leave it untouched. */
  write(rel: string, body: string | Uint8Array): void {
    if (this.#closed) throw new Error("the export is already finished or stopped");
    this.#written.add(rel);
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    const staged = path.join(this.staging, rel);
    this.#queue.run(staged, async () => {
      if (await sameBytes(path.join(this.#dir, rel), bytes)) {
        if (this.#changed.delete(rel)) await fsp.rm(staged, { force: true });
        return;
      }
      await this.#queue.folderOf(staged);
      await fsp.writeFile(staged, bytes);
      this.#changed.add(rel);
    });
  }

  /** Waits until few enough files are being written to queue more. */
  room(): Promise<void> {
    return this.#queue.room();
  }

  /** Reads back a file as this run leaves it. */
  async read(rel: string): Promise<Buffer> {
    await this.#queue.settled();
    return fs.readFileSync(path.join(this.#changed.has(rel) ? this.staging : this.#dir, rel));
  }

  /** True when this run has written the file. */
  has(rel: string): boolean {
    return this.#written.has(rel);
  }

  /**
   * Moves the changed files in and deletes `deleted`, recording both and the marker.
   * @param files how many files the export holds afterwards
   */
  async commit(run: string, deleted: readonly string[], files: number): Promise<ExportChanges> {
    this.#closed = true;
    // Every write first; from here on, one synchronous stretch (see the class's note).
    await this.#queue.settled();
    const changed = [...this.#changed].sort();
    const gone = [...deleted].sort();
    writeRunRecords(this.staging, run, files, { changed, deleted: gone });
    fs.writeFileSync(path.join(this.staging, JOURNAL), JSON.stringify({ changed, deleted: gone }));
    finishPatch(this.#dir);
    return { changed, deleted: gone };
  }

  /** Removes the staging directory once no write is under way; the export stays as it was. */
  async discard(): Promise<void> {
    this.#closed = true;
    await this.#queue.drained();
    fs.rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Writes a run's lists of changed and deleted files and, last (it marks a complete export), the marker. */
function writeRunRecords(root: string, run: string, files: number, changes: ExportChanges): void {
  const meta = path.join(root, EXPORT_META_DIR);
  fs.mkdirSync(meta, { recursive: true });
  fs.writeFileSync(path.join(meta, "changed.txt"), changes.changed.map((f) => `${f}\n`).join(""));
  fs.writeFileSync(path.join(meta, "deleted.txt"), changes.deleted.map((f) => `${f}\n`).join(""));
  fs.writeFileSync(path.join(root, EXPORT_MARKER), `${JSON.stringify({ sabtExport: 1, run, files, changed: changes.changed.length, deleted: changes.deleted.length })}\n`);
}

/** True when `file` is a file holding exactly `bytes`. */
async function sameBytes(file: string, bytes: Uint8Array): Promise<boolean> {
  let st: fs.Stats;
  try {
    st = await fsp.stat(file);
  } catch {
    return false;
  }
  return st.isFile() && st.size === bytes.length && (await fsp.readFile(file)).equals(bytes);
}

/**
 * Completes what a killed run left half-done in `dir`: a previous export renamed aside and not put
 * back, or a complete patch whose files were not all moved in.
 */
export function recoverExportDir(dir: string): void {
  const retired = retiredDirOf(dir);
  // A run killed between the two renames of `commit` left the previous export aside: put it back.
  if (fs.existsSync(retired) && !fs.existsSync(dir)) fs.renameSync(retired, dir);
  finishPatch(dir);
}

/** Carries out a complete patch left in the staging directory (nothing when there is none). */
function finishPatch(dir: string): void {
  const staging = stagingDirOf(dir);
  let journal: z.infer<typeof JournalSchema>;
  try {
    journal = JournalSchema.parse(JSON.parse(fs.readFileSync(path.join(staging, JOURNAL), "utf8")));
  } catch {
    return; // no patch, or one never completed: the staging directory is simply removed later
  }
  const root = path.resolve(dir);
  for (const rel of journal.changed) {
    const from = path.join(staging, rel);
    if (!fs.existsSync(from)) continue; // moved before the run was killed
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.renameSync(from, path.join(root, rel));
  }
  for (const rel of journal.deleted) {
    fs.rmSync(path.join(root, rel), { force: true });
    // Empty folders go too: a full export would not have them.
    for (let d = path.dirname(path.join(root, rel)); d.startsWith(root + path.sep); d = path.dirname(d)) {
      try {
        fs.rmdirSync(d);
      } catch {
        break;
      }
    }
  }
  fs.mkdirSync(path.join(root, EXPORT_META_DIR), { recursive: true });
  for (const f of ["changed.txt", "deleted.txt"]) moveIfThere(path.join(staging, EXPORT_META_DIR, f), path.join(root, EXPORT_META_DIR, f));
  // Last: the marker names the run whose record describes this export.
  moveIfThere(path.join(staging, EXPORT_MARKER), path.join(root, EXPORT_MARKER));
  fs.rmSync(staging, { recursive: true, force: true });
}

function moveIfThere(from: string, to: string): void {
  if (fs.existsSync(from)) fs.renameSync(from, to);
}
