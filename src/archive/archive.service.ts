import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Db, Trx } from "../db/index.ts";
import { notFound, SabtError } from "../shared/errors.ts";
import { Logger } from "../shared/logger.ts";
import { findArchiveItemById, findDerivedItems, insertArchiveItem } from "./archive.repository.ts";
import type { ArchiveItemKind, NewArchiveItemRow, ProvenanceJson } from "../db/index.ts";
import { rowToArchiveItem, type ArchiveItem } from "./archive.types.ts";
import type { BlobStore, Digest, StagedFile } from "./blob-store.ts";
import { appendCustody, firstCustodyEvent, insertFirstCustody } from "./custody.service.ts";
import { inspectFile, type Inspection } from "./inspect.ts";
import { SABT_VERSION } from "./tool-version.ts";
import { DEFAULT_BOMB_LIMITS, type BombLimits } from "./zip-inspect.ts";

/** Intake limits (from config: SABT_ARCHIVE_MAX_BYTES and the bomb limits). */
export interface IntakeLimits {
  maxBytes: number;
  bomb?: BombLimits;
}

/** Default upload limit: 4 GiB. */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

/** Everything known about a file handed to Sabt, besides its bytes. */
export interface IntakeInput {
  /** The original file name (only its last path segment is kept). */
  filename?: string | undefined;
  /** The media type the sender claimed; recorded, compared, never trusted. */
  declaredType?: string | undefined;
  title?: string | undefined;
  visibility?: "public" | "team" | "confidential" | undefined;
  /** Provenance beyond who/when/tool, which intake fills in. */
  provenance?: Partial<Omit<ProvenanceJson, "ingestedBy" | "ingestedAt">> | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** The content of a file to ingest: a path on disk, a stream, or bytes. */
export type IntakeContent = { path: string } | { stream: Readable } | { bytes: Uint8Array };

function openContent(content: IntakeContent): Readable | Uint8Array {
  if ("path" in content) return fs.createReadStream(content.path, { highWaterMark: 1 << 20 });
  if ("stream" in content) return content.stream;
  return content.bytes;
}

/** Keeps only a file name's last segment, without control characters, at most 200 characters. */
export function safeFilename(name: string | undefined): string | null {
  if (!name) return null;
  const base = path
    .basename(name.replace(/\\/g, "/"))
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, "")
    .trim();
  return base.length === 0 || base === "." || base === ".." ? null : base.slice(-200);
}

/**
 * Ingests a file: streams it into the blob store (hashing, size-limited), sniffs its type from its
 * bytes, records hazards, then inserts the item and its first custody event in one short
 * transaction. Blob I/O happens before the transaction because PGlite's transactions are
 * exclusive; a blob left by a failed insert is harmless (content-addressed, reused on retry).
 * @throws SabtError payload_too_large above limits.maxBytes.
 * @example const item = await ingestFile(db, store, { path: "/tmp/report.pdf" }, { filename: "report.pdf" }, "cli:alice");
 */
export async function ingestFile(
  db: Db,
  store: BlobStore,
  content: IntakeContent,
  input: IntakeInput,
  actor: string,
  limits: IntakeLimits = { maxBytes: DEFAULT_MAX_BYTES },
): Promise<ArchiveItem> {
  const u = await stageUpload(store, content, input, limits);
  return storeItem(db, store, u.staged, u.inspection, u.input, actor, { kind: "file" });
}

/**
 * Stores a derived file (extracted text, screenshot, metadata-stripped or redacted copy) as its own
 * item linked to its original, and records "derived" in the original's custody log.
 * @throws SabtError not_found when the original does not exist.
 */
export async function addDerivedItem(
  db: Db,
  store: BlobStore,
  originalId: string,
  content: IntakeContent,
  input: IntakeInput & { derivation: string; tool: string; toolVersion: string },
  actor: string,
): Promise<ArchiveItem> {
  const original = await findArchiveItemById(db, originalId);
  if (!original) throw notFound(`archive item ${originalId}`);
  const staged = await store.stage(openContent(content));
  const inspection = await inspectStaged(staged, safeFilename(input.filename), input.declaredType);
  return storeItem(
    db,
    store,
    staged,
    inspection,
    {
      ...input,
      visibility: input.visibility ?? (original.visibility as IntakeInput["visibility"]),
      provenance: {
        sourceUrl: original.source_url ?? undefined,
        ...input.provenance,
        tool: input.tool,
        toolVersion: input.toolVersion,
      },
    },
    actor,
    { kind: "derived", originalId, derivation: input.derivation },
  );
}

async function inspectStaged(
  staged: StagedFile,
  filename: string | null,
  declaredType: string | undefined,
  bomb?: BombLimits,
) {
  try {
    return await inspectFile(
      staged.path,
      staged.size,
      { filename: filename ?? undefined, declaredType },
      bomb ?? DEFAULT_BOMB_LIMITS,
    );
  } catch (e) {
    await staged.discard();
    throw e;
  }
}

type ItemLink = { kind: ArchiveItemKind; originalId?: string; derivation?: string };

/** Commits a staged blob and records the item; shared by uploads, captures and derivations. */
export async function storeItem(
  db: Db,
  store: BlobStore,
  staged: StagedFile,
  inspection: Inspection,
  input: IntakeInput,
  actor: string,
  link: ItemLink,
): Promise<ArchiveItem> {
  if (input.title !== undefined && input.title.length > 1000) {
    await staged.discard();
    throw new SabtError("validation_failed", "title: at most 1000 characters");
  }
  await store.commit(staged);
  const record = itemRecord(staged, inspection, input, actor, link);
  await db.transaction().execute(async (trx) => {
    await insertItemRecord(trx, record, actor, link);
  });
  Logger.info("archive", "item ingested", { itemId: record.item.id, size: record.item.size, kind: link.kind, hazards: inspection.hazards.length });
  return record.item;
}

/** An item's row, its first custody event and the item as returned, before anything is stored. */
function itemRecord(staged: Digest, inspection: Inspection, input: IntakeInput, actor: string, link: ItemLink) {
  const { sha256, size } = staged;
  const id = randomUUID();
  const now = new Date();
  const provenance: ProvenanceJson = {
    tool: "sabt",
    toolVersion: SABT_VERSION,
    ...input.provenance,
    ingestedBy: actor,
    ingestedAt: now.toISOString(),
  };
  const first = firstCustodyEvent(
    id,
    actor,
    {
      sha256,
      size,
      mediaType: inspection.mediaType,
      hazards: inspection.hazards,
      ...(link.originalId ? { derivedFrom: link.originalId, derivation: link.derivation } : {}),
    },
    now,
  );
  const row: NewArchiveItemRow = {
    id,
    kind: link.kind,
    sha256,
    size,
    media_type: inspection.mediaType,
    declared_type: input.declaredType ?? null,
    filename: input.filename ?? null,
    title: input.title ?? null,
    original_id: link.originalId ?? null,
    derivation: link.derivation ?? null,
    hazards: JSON.stringify(inspection.hazards),
    provenance: JSON.stringify(provenance),
    metadata: JSON.stringify({ ...input.metadata, intake: inspection.details }),
    source_url: provenance.sourceUrl ?? null,
    visibility: input.visibility ?? "team",
    custody_count: 1,
    custody_head: first.hash,
    created_by: actor,
    created_at: now,
  };
  const metadata = { ...input.metadata, intake: inspection.details };
  const item: ArchiveItem = {
    id,
    kind: link.kind,
    sha256,
    size,
    mediaType: inspection.mediaType,
    declaredType: input.declaredType ?? null,
    filename: input.filename ?? null,
    title: input.title ?? null,
    originalId: link.originalId ?? null,
    derivation: link.derivation ?? null,
    hazards: inspection.hazards,
    provenance,
    metadata,
    sourceUrl: provenance.sourceUrl ?? null,
    visibility: input.visibility ?? "team",
    custodyCount: 1,
    custodyHead: first.hash,
    createdBy: actor,
    createdAt: now,
  };
  return { row, first, item };
}

/** Inserts an item's row and first custody event (and the "derived" event of its original). */
async function insertItemRecord(trx: Trx, record: ReturnType<typeof itemRecord>, actor: string, link: ItemLink): Promise<void> {
  await insertArchiveItem(trx, record.row);
  await insertFirstCustody(trx, record.first);
  if (link.originalId) {
    await appendCustody(trx, link.originalId, actor, "derived", { derivedItemId: record.item.id, derivation: link.derivation, sha256: record.item.sha256 });
  }
}

/** A file staged and inspected for intake, not stored yet: `recordStagedUploads` then `commitStagedUploads` store it. */
export interface StagedUpload {
  readonly staged: StagedFile;
  readonly inspection: Inspection;
  readonly input: IntakeInput;
}

/**
 * Stages and inspects a file as `ingestFile` does, without storing anything: for intake that must
 * store its files and its own rows together or not at all (the public form). The caller discards
 * the staged file in the end (a no-op once committed).
 * @throws SabtError payload_too_large above limits.maxBytes.
 */
export async function stageUpload(store: BlobStore, content: IntakeContent, input: IntakeInput, limits: IntakeLimits = { maxBytes: DEFAULT_MAX_BYTES }): Promise<StagedUpload> {
  const filename = safeFilename(input.filename ?? ("path" in content ? content.path : undefined));
  const staged = await store.stage(openContent(content), { maxBytes: limits.maxBytes });
  const inspection = await inspectStaged(staged, filename, input.declaredType, limits.bomb);
  return { staged, inspection, input: { ...input, filename: filename ?? undefined } };
}

/** Records staged uploads as items in the caller's transaction (their blobs are committed last, by `commitStagedUploads`). */
export async function recordStagedUploads(trx: Trx, uploads: readonly StagedUpload[], actor: string): Promise<ArchiveItem[]> {
  const items: ArchiveItem[] = [];
  for (const u of uploads) {
    const record = itemRecord(u.staged, u.inspection, u.input, actor, { kind: "file" });
    await insertItemRecord(trx, record, actor, { kind: "file" });
    items.push(record.item);
  }
  return items;
}

/**
 * Moves staged uploads to their content addresses: the last step of the transaction that recorded
 * them, so that when anything before fails no file is left in the store without its item.
 */
export async function commitStagedUploads(store: BlobStore, uploads: readonly StagedUpload[]): Promise<void> {
  for (const u of uploads) await store.commit(u.staged);
}

/**
 * Loads an item.
 * @throws SabtError not_found
 */
export async function getArchiveItem(db: Db, id: string): Promise<ArchiveItem> {
  const row = await findArchiveItemById(db, id);
  if (!row) throw notFound(`archive item ${id}`);
  return rowToArchiveItem(row);
}

/** The items derived from an original. */
export async function getDerivedItems(db: Db, originalId: string): Promise<ArchiveItem[]> {
  return (await findDerivedItems(db, originalId)).map(rowToArchiveItem);
}
