/**
 * Reading evidence as a person: the item's record, its derived copies, its custody log and
 * timestamps, and its bytes, each checked against the viewer's access on the server. Opening an
 * item's file is itself a custody event ("viewed"), because a court asks who had access to
 * the evidence, not only who changed it.
 */
import type { Readable } from "node:stream";
import type { Db } from "../db/index.ts";
import { notFound } from "../shared/errors.ts";
import { authorize } from "../shared/policy.ts";
import { actorName, readableVisibilities, type Viewer, type Visibility } from "../shared/viewer.ts";
import { findArchiveItemById, findClaimIdsCitingItem, findDerivedItems } from "./archive.repository.ts";
import { rowToArchiveItem, type ArchiveItem } from "./archive.types.ts";
import type { BlobStore } from "./blob-store.ts";
import { getCustodyLog, recordCustodyEvent, verifyCustody, type CustodyEntry } from "./custody.service.ts";
import { publicCopyOf } from "./image-metadata.ts";
import type { CustodyCheck } from "./custody.chain.ts";
import { findPageTexts } from "./page-text.repository.ts";
import { findTimestampsByItem } from "./timestamp.repository.ts";

/** What the evidence viewer shows of one item. */
export interface EvidenceView {
  item: ArchiveItem;
  /** Derived copies (extracted text, screenshots, public image copies) the viewer may read. */
  derived: ArchiveItem[];
  custody: CustodyEntry[];
  custodyCheck: CustodyCheck;
  timestamps: { tsaUrl: string; genTime: string; serial: string }[];
  /** Ids of claims citing the item; the caller reads them through the claims service, which filters by visibility. */
  citingClaimIds: string[];
}

function what(id: string): string {
  return `archive item ${id}`;
}

/**
 * An archive item the viewer may read.
 * @throws SabtError not_found when it does not exist or the viewer may not see it (existence does not leak).
 */
export async function readEvidenceItem(db: Db, viewer: Viewer, id: string): Promise<ArchiveItem> {
  const row = await findArchiveItemById(db, id);
  if (!row) throw notFound(what(id));
  authorize(viewer, "read", { visibility: row.visibility as Visibility, what: what(id) });
  return rowToArchiveItem(row);
}

/** Everything the evidence viewer shows of one item, read with the viewer's access. */
export async function viewEvidence(db: Db, viewer: Viewer, id: string): Promise<EvidenceView> {
  const item = await readEvidenceItem(db, viewer, id);
  const readable = new Set(readableVisibilities(viewer));
  const [derivedRows, custody, custodyCheck, stamps, citingClaimIds] = await Promise.all([
    findDerivedItems(db, id),
    getCustodyLog(db, id),
    verifyCustody(db, id),
    findTimestampsByItem(db, id),
    findClaimIdsCitingItem(db, id),
  ]);
  return {
    item,
    derived: derivedRows.filter((r) => readable.has(r.visibility as Visibility)).map(rowToArchiveItem),
    custody,
    custodyCheck,
    timestamps: stamps.map((s) => ({ tsaUrl: s.tsa_url, genTime: s.gen_time.toISOString(), serial: s.serial })),
    citingClaimIds,
  };
}

/**
 * A stream of an item's stored bytes for a viewer who may read it, recording a "viewed" custody
 * event first for team members (so an access is logged even if the transfer is cut). Streams, since evidence
 * includes hours of video. Fixity is checked by `sabt verify`, not on every read. An anonymous
 * reader of a JPEG or PNG gets its public copy without metadata, and the returned item is that copy.
 * @throws SabtError not_found when the viewer may not see it; unsupported when an anonymous reader
 * asks for an image whose metadata cannot be removed.
 */
export async function openEvidenceFile(
  db: Db,
  store: BlobStore,
  viewer: Viewer,
  id: string,
  purpose: "view" | "download",
): Promise<{ item: ArchiveItem; stream: Readable }> {
  const item = await readEvidenceItem(db, viewer, id);
  // Anonymous reads of public items are not logged: anyone could flood an item's log, and a
  // public copy's readers are not part of its custody. They get an image without its metadata.
  if (viewer.kind === "anonymous") {
    const copy = await publicCopyOf(db, store, item);
    return { item: copy, stream: await store.open(copy.sha256) };
  }
  await recordCustodyEvent(db, id, actorName(viewer), "viewed", { purpose });
  return { item, stream: await store.open(item.sha256) };
}

/** The stored text of an item (extracted text, plain-text testimony), at most `maxBytes`, without a custody event: callers show it inside the viewer page, which records the view. */
export async function readEvidenceText(store: BlobStore, item: ArchiveItem, maxBytes = 256 * 1024): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = await store.open(item.sha256);
  for await (const c of stream) {
    chunks.push(c as Buffer);
    size += (c as Buffer).length;
    if (size >= maxBytes) {
      stream.destroy();
      break;
    }
  }
  const all = Buffer.concat(chunks);
  return { text: all.subarray(0, maxBytes).toString("utf8"), truncated: size > maxBytes };
}

/**
 * The extracted text of a PDF item's pages, read with the viewer's access (empty before the
 * extraction job has run, or for other types).
 * @throws SabtError not_found when the viewer may not read the item.
 */
export async function readPageTexts(db: Db, viewer: Viewer, id: string): Promise<{ page: number; text: string }[]> {
  await readEvidenceItem(db, viewer, id);
  return (await findPageTexts(db, id)).map((r) => ({ page: r.page, text: r.text }));
}
