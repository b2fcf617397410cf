/**
 * The queue of list cells Sabt could not read (kept with `--keep-unparsed`): an editor resolves
 * each by typing its proper value, an edit of the same claim through the usual claims service (so
 * four eyes, history and audit apply; its history keeps what the list said) that clears its
 * unparsed mark, or dismisses it (the raw-text claim is retracted, never deleted). Either way it
 * leaves the queue.
 */
import { z } from "zod";
import { editClaim, getClaim, openClaimRow, type Claim } from "../claims/index.ts";
import type { Db, Trx } from "../db/index.ts";
import { openEntityRow } from "../entities/index.ts";
import { notFound, validationError } from "../shared/errors.ts";
import { authorize, strictestVisibility } from "../shared/policy.ts";
import { parseListOrigin } from "../shared/victim-list.ts";
import { readableVisibilities, type Viewer, type Visibility } from "../shared/viewer.ts";
import { readCellValue } from "./persons.csv.ts";
import { countOpenUnparsedCells, findOpenUnparsedCells, findUnparsedCell, type UnparsedCellRow } from "./unparsed.repository.ts";

/** One unread cell as the queue shows it. */
export interface UnparsedCell {
  claimId: string;
  version: number;
  listId: string;
  listLabel: string;
  recordId: string;
  /** The spreadsheet row it was read from (the header is row 1), when the citation says. */
  row: number | undefined;
  column: string;
  property: string;
  rawText: string;
  message: string;
  personId: string;
  personLabel: string;
  visibility: Visibility;
}

/** One page of the queue and how many cells wait in all. */
export interface UnparsedPage {
  cells: UnparsedCell[];
  total: number;
}

function toCell(r: UnparsedCellRow): UnparsedCell {
  const opened = openClaimRow({ id: r.id, value: r.value as never, value_text: r.value_text });
  const origin = parseListOrigin(r.origin);
  const citation = Array.isArray(r.sources) ? (r.sources as { locator?: { row?: unknown } }[])[0] : undefined;
  const row = citation?.locator?.row;
  return {
    claimId: r.id,
    version: r.version,
    listId: r.list_id,
    listLabel: openEntityRow({ id: r.list_id, label: r.list_label }).label,
    recordId: origin?.record ?? "",
    row: typeof row === "number" ? row : undefined,
    column: origin?.column ?? r.property,
    property: r.property,
    rawText: opened.value_text,
    message: r.unparsed,
    personId: r.entity_id,
    personLabel: openEntityRow({ id: r.entity_id, label: r.person_label }).label,
    visibility: strictestVisibility(r.visibility, r.person_visibility),
  };
}

/** The unread cells still to resolve that the viewer may read, newest first, optionally of one list. */
export async function listUnparsedCells(db: Db, viewer: Viewer, opts: { listId?: string; page: number; perPage: number }): Promise<UnparsedPage> {
  authorize(viewer, "read");
  const vis = readableVisibilities(viewer);
  const rows = await findOpenUnparsedCells(db, vis, { listId: opts.listId, limit: opts.perPage, offset: (opts.page - 1) * opts.perPage });
  return { cells: rows.map(toCell), total: await countOpenUnparsedCells(db, vis, opts.listId) };
}

/** Loads one cell still to resolve, checking that the viewer may read its claim and its list (else: not found). */
async function loadOpenCell(trx: Trx, viewer: Viewer, claimId: string): Promise<{ cell: UnparsedCell }> {
  // Not found for a viewer who may not read the claim, as for one who may not read its list.
  await getClaim(trx, viewer, claimId);
  const row = await findUnparsedCell(trx, claimId);
  if (!row || row.status === "retracted" || !readableVisibilities(viewer).includes(row.list_visibility as Visibility)) throw notFound("A cell still to resolve");
  return { cell: toCell(row) };
}

/** The form of "resolve an unread cell": the version seen, the value as it should be read, who may see it. */
export const UnparsedResolveSchema = z.strictObject({
  version: z.number().int().min(1),
  value: z.string().trim().min(1, "type the value as it should be read").max(5000),
  visibility: z.enum(["public", "team", "confidential"]),
});
export type UnparsedResolveReq = z.infer<typeof UnparsedResolveSchema>;

/** The form of "dismiss an unread cell": the version seen and an optional reason. */
export const UnparsedDismissSchema = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string().trim().max(1000).optional(),
});
export type UnparsedDismissReq = z.infer<typeof UnparsedDismissSchema>;

/**
 * Resolves an unread cell: its value, read as the list's column is read, replaces the raw text in
 * the same claim through the claims service's edit (so its history keeps what the list said, the
 * audit log the edit, and four eyes apply), and the unparsed mark is cleared. A confidential
 * cell's value stays confidential; a public value by a member waits for review.
 * @throws SabtError validation_failed when the value cannot be read either; not_found; stale_version.
 */
export async function resolveUnparsedCell(trx: Trx, viewer: Viewer, claimId: string, req: UnparsedResolveReq): Promise<Claim> {
  authorize(viewer, "update");
  const { cell } = await loadOpenCell(trx, viewer, claimId);
  let read: ReturnType<typeof readCellValue>;
  try {
    read = readCellValue(cell.column, req.value);
  } catch (e) {
    throw validationError(`value: ${(e as Error).message}`);
  }
  if (read.property !== cell.property) throw validationError(`value: the column ${cell.column} is read as ${read.property}, not ${cell.property}`);
  if (cell.visibility === "confidential" && req.visibility !== "confidential") {
    throw validationError("visibility: the list's cell is confidential, so its value stays confidential");
  }
  return editClaim(trx, viewer, claimId, { version: req.version, value: read.value, visibility: req.visibility, reason: "an unread cell of the list, read by an editor" });
}

/**
 * Dismisses an unread cell (nothing to read in it): the raw-text claim is retracted with the reason.
 * @throws SabtError not_found; stale_version.
 */
export async function dismissUnparsedCell(trx: Trx, viewer: Viewer, claimId: string, req: UnparsedDismissReq): Promise<void> {
  authorize(viewer, "update");
  await loadOpenCell(trx, viewer, claimId);
  const reason = req.reason ? `an unread cell of the list, dismissed: ${req.reason}` : "an unread cell of the list, dismissed by an editor";
  await editClaim(trx, viewer, claimId, { version: req.version, status: "retracted", reason });
}
