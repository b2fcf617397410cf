/**
 * Submissions from families and witnesses: the public form stores them sealed and confidential,
 * with their files in the archive; the team reads them, moves them through their states and turns
 * one into a source entity that claims can cite. Nothing here is ever public: the public site sees
 * only a receipt's state.
 */
import { randomUUID } from "node:crypto";
import { checkUploads, commitStagedUploads, recordStagedUploads, stageUpload, type BlobStore, type StagedUpload, type UploadedFile } from "../archive/index.ts";
import { recordAudit, recordAuditAs } from "../audit/index.ts";
import type { Db, SubmissionKind, SubmissionState, Trx } from "../db/index.ts";
import { activeKeyring } from "../crypto/index.ts";
import { createEntity } from "../entities/index.ts";
import { notFound, SabtError, validationError } from "../shared/errors.ts";
import { Logger } from "../shared/logger.ts";
import { authorize } from "../shared/policy.ts";
import { parseInput } from "../shared/validate.ts";
import { actorName, readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { newReceiptCode, normalizeReceiptCode, receiptHash } from "./receipt.ts";
import { SubmissionFieldsSchema, SubmissionStateSchema } from "./submission.schema.ts";
import { isStaleSeal, openSubmission, sealSubmission, type SubmissionContent } from "./submission.seal.ts";
import {
  countSubmissionsByState,
  findSubmissionById,
  findSubmissionFiles,
  findSubmissions,
  findSealedSubmissions,
  findSubmissionStateByReceipt,
  insertSubmission,
  setSubmissionSource,
  submissionExists,
  updateSubmission,
  updateSubmissionSealed,
} from "./submission.repository.ts";

/** Limits on the files of one submission. */
export interface SubmissionFileLimits {
  maxFiles: number;
  maxFileBytes: number;
}

/** Default file limits: five files of at most 10 MiB (the form must work over slow Tor circuits). */
export const SUBMISSION_FILE_LIMITS: Readonly<SubmissionFileLimits> = Object.freeze({ maxFiles: 5, maxFileBytes: 10 * 1024 * 1024 });

/** Who the archive records as adding a submission's files. */
export const SUBMISSION_ACTOR = "system:public-form";

/** A submission as sent from the public form. */
export interface SubmissionRequest {
  lang: "fa" | "en";
  /** The form's fields (validated here). */
  fields: unknown;
  files: readonly UploadedFile[];
  /** The public record whose page the sender came from, if it still is public. */
  entityId?: string | undefined;
}

/**
 * Stores a submission: validates every field and file first (nothing is stored for bad input),
 * then records its files as confidential archive items, the sealed submission and its links in
 * one transaction, the files entering the store last (nothing is left behind when a step fails).
 * Returns the receipt code, which exists nowhere else afterwards.
 * @throws SabtError validation_failed (`field: message`; `files: …` with `details.problems`).
 * @example const { receipt } = await submit(db, store, { lang: "en", fields: { kind: "testimony", text: "…" }, files: [] });
 */
export async function submit(db: Db, store: BlobStore, req: SubmissionRequest, limits: SubmissionFileLimits = SUBMISSION_FILE_LIMITS): Promise<{ id: string; receipt: string }> {
  const fields = parseInput(SubmissionFieldsSchema, req.fields);
  if (req.files.length > limits.maxFiles) throw validationError(`files: at most ${limits.maxFiles} files`, { maxFiles: limits.maxFiles });
  const problems = checkUploads(req.files, { maxBytes: limits.maxFileBytes });
  if (problems.length > 0) throw validationError("files: some files were refused", { problems });
  const id = randomUUID();
  const receipt = newReceiptCode();
  const content: SubmissionContent = { text: fields.text, about: fields.about, name: fields.name, contact: fields.contact };
  const uploads: StagedUpload[] = [];
  let items: { id: string }[] = [];
  try {
    for (const f of req.files) {
      uploads.push(await stageUpload(store, { bytes: f.bytes }, { filename: f.name, declaredType: f.type || undefined, visibility: "confidential" }, { maxBytes: limits.maxFileBytes }));
    }
    await db.transaction().execute(async (trx) => {
      items = await recordStagedUploads(trx, uploads, SUBMISSION_ACTOR);
      await insertSubmission(
        trx,
        // A new code always reads back as a code.
        { id, receipt_hash: receiptHash(normalizeReceiptCode(receipt)!), kind: fields.kind, lang: req.lang, entity_id: req.entityId ?? null, consent: fields.consent, sealed: sealSubmission(id, content) },
        items.map((it, position) => ({ submission_id: id, item_id: it.id, position })),
      );
      await recordAuditAs(trx, SUBMISSION_ACTOR, { action: "submission.receive", objectType: "submission", objectId: id, details: { kind: fields.kind, files: items.map((i) => i.id) } });
      // Last: the files enter the store only once their rows and the submission's are written, so
      // a submission that fails leaves no sender's file behind without a record of it.
      await commitStagedUploads(store, uploads);
    });
  } finally {
    await Promise.all(uploads.map((u) => u.staged.discard()));
  }
  // Ids only: never the text, the sender's details or their address.
  Logger.info("site", "submission received", { submission: id, files: items.map((i) => i.id) });
  return { id, receipt };
}

/** The state of the submission a receipt code belongs to (undefined for an unknown or malformed code). */
export async function submissionStatus(db: Db, code: string): Promise<{ state: SubmissionState; receivedAt: Date; updatedAt: Date } | undefined> {
  const canonical = normalizeReceiptCode(code);
  if (!canonical) return undefined;
  const row = await findSubmissionStateByReceipt(db, receiptHash(canonical));
  return row ? { state: row.state, receivedAt: row.created_at, updatedAt: row.updated_at } : undefined;
}

/** One line of the team's queue: no sealed content. */
export interface SubmissionSummary {
  id: string;
  kind: SubmissionKind;
  state: SubmissionState;
  lang: string;
  entityId: string | null;
  consent: "named" | "anonymous";
  sourceId: string | null;
  files: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The team's queue of submissions in a state, newest first, and how many are in each state.
 * @throws SabtError forbidden for anyone outside the team.
 */
export async function listSubmissions(db: Db, viewer: Viewer, q: { state: SubmissionState; limit: number; offset: number }): Promise<{ items: SubmissionSummary[]; counts: Map<SubmissionState, number> }> {
  if (viewer.kind === "anonymous") throw notFound("Submission");
  authorize(viewer, "read");
  const rows = await findSubmissions(db, q);
  const counts = new Map((await countSubmissionsByState(db)).map((r) => [r.state, Number(r.n)] as const));
  const items = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    lang: r.lang,
    entityId: r.entity_id,
    consent: r.consent,
    sourceId: r.source_id,
    files: Number(r.files ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
  return { items, counts };
}

/** A submission as a team member sees it: its content only for those who may read confidential data. */
export interface SubmissionView extends SubmissionSummary {
  content?: SubmissionContent;
  fileList: { id: string; filename: string | null; size: number; mediaType: string; hazards: unknown }[];
}

/**
 * One submission. Its content (text, name, contact details) is opened only for roles that may read
 * confidential data; others see that it exists and its state.
 * @throws SabtError not_found.
 */
export async function readSubmission(db: Db, viewer: Viewer, id: string): Promise<SubmissionView> {
  if (viewer.kind === "anonymous") throw notFound("Submission");
  authorize(viewer, "read");
  const row = await findSubmissionById(db, id);
  if (!row) throw notFound("Submission");
  const mayRead = readableVisibilities(viewer).includes("confidential");
  const files = mayRead ? await findSubmissionFiles(db, id) : [];
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    lang: row.lang,
    entityId: row.entity_id,
    consent: row.consent,
    sourceId: row.source_id,
    files: files.length,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(mayRead ? { content: openSubmission(row.id, row.sealed) } : {}),
    fileList: files.map((f) => ({ id: f.id, filename: f.filename, size: Number(f.size), mediaType: f.media_type, hazards: f.hazards })),
  };
}

/**
 * Moves a submission to another state (the receipt page shows it).
 * @throws SabtError forbidden, not_found, validation_failed.
 */
export async function setSubmissionState(trx: Trx, viewer: Viewer, id: string, state: unknown): Promise<void> {
  authorize(viewer, "update", { visibility: "confidential", what: "Submission" });
  const next = parseInput(SubmissionStateSchema, state, "state");
  if (!(await submissionExists(trx, id))) throw notFound("Submission");
  await updateSubmission(trx, id, { state: next, updated_at: new Date(), updated_by: actorName(viewer) });
  await recordAudit(trx, viewer, { action: "submission.state", objectType: "submission", objectId: id, details: { state: next } });
  Logger.info("site", "submission state changed", { submission: id, state: next });
}

/**
 * Turns a submission into a confidential source entity that claims can cite: labelled with the
 * sender's name when they agreed to be named, anonymously otherwise. The submission is then "used".
 * Widening the source's visibility is an editor's later, deliberate step. Returns the source's id:
 * the one made earlier when the submission has one already.
 * @throws SabtError forbidden, not_found; conflict when another editor's source was recorded while
 * this one was being made (the caller's transaction then rolls back, so one source remains).
 */
export async function makeSourceFromSubmission(trx: Trx, viewer: Viewer, id: string): Promise<string> {
  authorize(viewer, "create", { visibility: "confidential", what: "Submission" });
  const row = await findSubmissionById(trx, id);
  if (!row) throw notFound("Submission");
  if (row.source_id) return row.source_id;
  const content = openSubmission(row.id, row.sealed);
  const day = row.created_at.toISOString().slice(0, 10);
  const what = row.kind === "testimony" ? "Testimony" : row.kind === "missing" ? "Report of a missing person" : "Correction";
  const who = row.consent === "named" && content.name ? `from ${content.name}` : "from an anonymous sender";
  const source = await createEntity(trx, viewer, { type: "source", label: `${what} ${who}, received ${day} (submission ${id.slice(0, 8)})`.slice(0, 300), visibility: "confidential", isFictional: false });
  if (!(await setSubmissionSource(trx, id, { source_id: source.id, state: "used", updated_at: new Date(), updated_by: actorName(viewer) }))) {
    throw new SabtError("conflict", "A source was made from this submission meanwhile", { submission: id });
  }
  await recordAudit(trx, viewer, { action: "submission.source", objectType: "submission", objectId: id, details: { source: source.id } });
  Logger.info("site", "submission made a source", { submission: id, source: source.id });
  return source.id;
}

/**
 * Re-seals every submission not sealed with the primary key (after `sabt keys rotate`), in short
 * batches, so it can be interrupted and run again, each batch with its audit entry. Returns how
 * many were re-sealed.
 * @throws SabtError forbidden for anyone but an admin or the operator.
 */
export async function resealSubmissions(db: Db, viewer: Viewer): Promise<number> {
  authorize(viewer, "admin");
  let after = "";
  let n = 0;
  for (;;) {
    const page = await findSealedSubmissions(db, after, 500);
    if (page.length === 0) return n;
    after = page[page.length - 1]!.id;
    const stale = page.filter((r) => isStaleSeal(r.sealed));
    if (stale.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      for (const r of stale) await updateSubmissionSealed(trx, r.id, sealSubmission(r.id, openSubmission(r.id, r.sealed)));
      // Like the rotation of claims and labels: the change and its audit entry in one transaction.
      await recordAudit(trx, viewer, { action: "submissions.reseal", objectType: "key", objectId: activeKeyring().primaryId, details: { submissionsResealed: stale.length } });
    });
    n += stale.length;
  }
}
