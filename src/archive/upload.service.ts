/**
 * Files a member uploads through the browser, several at once: every file is checked against the
 * upload limits before any is stored (all or nothing, each refusal named per file), then each goes
 * through the archive's intake, which hashes it (fixity) and starts its custody log.
 */
import { z } from "zod";
import type { Db } from "../db/index.ts";
import { validationError } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { parseInput } from "../shared/validate.ts";
import { actorName, readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { VisibilitySchema } from "../shared/visibility.ts";
import { ingestFile, type IntakeLimits } from "./archive.service.ts";
import type { ArchiveItem } from "./archive.types.ts";
import type { BlobStore } from "./blob-store.ts";
import { sniffType } from "./sniff.ts";

/** One uploaded file as the route received it. */
export interface UploadedFile {
  name: string;
  /** The type the browser claimed: recorded, never trusted. */
  type: string;
  bytes: Uint8Array;
}

/** Why a file was refused. */
export type UploadProblemKind = "too_large" | "empty" | "executable";

/** A refused file, by its position in the upload and its name. */
export interface UploadProblem {
  index: number;
  filename: string;
  problem: UploadProblemKind;
}

/** Most files in one upload. */
export const MAX_UPLOAD_FILES = 20;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The upload form's fields besides the files. */
export const UploadFieldsSchema = z.object({
  title: z.preprocess(blank, z.string().trim().max(1000, "at most 1000 characters").optional()),
  visibility: z.preprocess(blank, VisibilitySchema.default("team")),
});
/** Validated upload fields. */
export type UploadFields = z.infer<typeof UploadFieldsSchema>;

/**
 * The files that break the limits: larger than `limits.maxBytes`, empty, or a program (a program
 * is evidence an operator may still add with `sabt archive add`, but never through a browser form,
 * where it would be one click away from being run). Pure.
 */
export function checkUploads(files: readonly UploadedFile[], limits: IntakeLimits): UploadProblem[] {
  const out: UploadProblem[] = [];
  files.forEach((f, index) => {
    const filename = f.name || `#${index + 1}`;
    if (f.bytes.length === 0) out.push({ index, filename, problem: "empty" });
    else if (f.bytes.length > limits.maxBytes) out.push({ index, filename, problem: "too_large" });
    else if (sniffType(f.bytes.subarray(0, 4096)).executable) out.push({ index, filename, problem: "executable" });
  });
  return out;
}

/**
 * Stores uploaded files as archive items after checking every one of them: nothing is stored when
 * any file is refused or a field is bad.
 * @throws SabtError validation_failed (`files: …` with `details.problems`, or the field's name); forbidden.
 * @example const items = await uploadEvidence(db, store, viewer, files, { visibility: "team" }, { maxBytes: 64 << 20 });
 */
export async function uploadEvidence(
  db: Db,
  store: BlobStore,
  viewer: Viewer,
  files: readonly UploadedFile[],
  input: unknown,
  limits: IntakeLimits,
): Promise<ArchiveItem[]> {
  authorize(viewer, "create");
  const fields = parseInput(UploadFieldsSchema, input);
  if (!readableVisibilities(viewer).includes(fields.visibility)) {
    throw validationError("visibility: you may not add items you could not read yourself");
  }
  if (files.length === 0) throw validationError("files: choose at least one file");
  if (files.length > MAX_UPLOAD_FILES) throw validationError(`files: at most ${MAX_UPLOAD_FILES} files at once`);
  const problems = checkUploads(files, limits);
  if (problems.length > 0) throw validationError("files: some files were refused", { problems });
  const items: ArchiveItem[] = [];
  for (const f of files) {
    const title = fields.title && files.length > 1 ? `${fields.title} (${f.name})` : fields.title;
    items.push(
      await ingestFile(
        db,
        store,
        { bytes: f.bytes },
        { filename: f.name, declaredType: f.type || undefined, title, visibility: fields.visibility },
        actorName(viewer),
        limits,
      ),
    );
  }
  return items;
}
