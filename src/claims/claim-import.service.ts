/**
 * The bulk API the list importer needs: claims written as rows (built by `newClaimRow`), many at
 * once, without a per-claim audit entry (the importer audits each batch), and re-imported values
 * superseding earlier ones with their history kept. Values are sealed on the way in and opened on
 * the way out here, as for every other claim.
 */
import type { ClaimRow, ClaimUpdate, NewClaimRow, Trx } from "../db/index.ts";
import { findNewestClaimRevisionsByReason, insertClaimRevisionsFromTable, sealHistory } from "../history/index.ts";
import { listRowOrigin } from "../shared/victim-list.ts";
import { findClaimsByEntityOrigin, insertClaims, insertPreparedClaims, prepareClaims, updateClaimIfVersion, type PreparedClaims } from "./claim.repository.ts";
import { openClaimSnapshot, sealClaimSnapshot } from "./claim.seal.ts";

/** Stores new claims in bulk; their first version is the row itself (no revision row until superseded). */
export async function insertClaimRows(trx: Trx, rows: readonly NewClaimRow[]): Promise<void> {
  await insertClaims(trx, rows);
}

/** New claim rows sealed, digested and encoded ahead of their transaction, with no I/O (`insertPreparedClaimRows`). */
export async function prepareClaimRows(rows: readonly NewClaimRow[]): Promise<PreparedClaims> {
  return prepareClaims(rows);
}

/** Stores claim rows prepared by `prepareClaimRows`, as `insertClaimRows` does. */
export async function insertPreparedClaimRows(trx: Trx, prepared: PreparedClaims): Promise<void> {
  await insertPreparedClaims(trx, prepared);
}

/** The claims a person holds from one row of a list (every column of it), opened. */
export async function findListRowClaims(trx: Trx, personId: string, listId: string, recordId: string): Promise<ClaimRow[]> {
  return findClaimsByEntityOrigin(trx, personId, listRowOrigin(listId, recordId));
}

/**
 * Supersedes an imported claim with a re-import's value: its current version is kept as a revision
 * first. Returns undefined, changing nothing, when someone changed the claim since it was read.
 */
export async function supersedeClaimRow(trx: Trx, current: Pick<ClaimRow, "id" | "version" | "visibility">, update: ClaimUpdate): Promise<ClaimRow | undefined> {
  await insertClaimRevisionsFromTable(trx, [current.id], "create", null);
  const row = await updateClaimIfVersion(trx, current.id, current.version, update);
  // A column re-imported as @confidential must not stay readable in the claim's earlier versions.
  if (row?.visibility === "confidential" && current.visibility !== "confidential") {
    await sealHistory(trx, "claim", row.id, (snapshot) => sealClaimSnapshot(row.id, snapshot));
  }
  return row;
}

/** Records the new versions of claims an import changed, as one "update" each, with the import as the reason. */
export async function recordImportedVersions(trx: Trx, claimIds: readonly string[], reason: string, author: string): Promise<void> {
  await insertClaimRevisionsFromTable(trx, claimIds, "update", reason, author);
}

/** The reason an import's versions are recorded with: `import <import run id>`. */
export function importReason(importId: string): string {
  return `import ${importId}`;
}

// What `importReason` writes, and nothing an editor would type by chance: the run id is a UUID.
const IMPORT_REASON_PATTERN = "^import [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** The parts of a claim's version that say what a list wrote into it. */
export type ImportedVersion = Pick<ClaimRow, "value_text" | "visibility" | "status" | "unparsed">;

/**
 * The version each claim had when a list import last wrote it (its first version, or the newest
 * one recorded with an import's reason), opened, by claim id. A re-import compares each cell with
 * this, not with the claim as it is now: an editor's later correction is not the list's value, and
 * a cell the list did not change must not write the list's old value back over it.
 */
export async function findImportedVersions(trx: Trx, current: readonly ClaimRow[]): Promise<Map<string, ImportedVersion>> {
  const revisions = await findNewestClaimRevisionsByReason(trx, current.map((c) => c.id), IMPORT_REASON_PATTERN);
  const out = new Map<string, ImportedVersion>();
  for (const c of current) {
    const r = revisions.get(c.id);
    // No revision yet: the claim is still at the version the import created.
    if (!r) {
      out.set(c.id, c);
      continue;
    }
    const s = openClaimSnapshot(c.id, r.snapshot);
    out.set(c.id, {
      value_text: typeof s.value_text === "string" ? s.value_text : "",
      visibility: s.visibility as string,
      status: s.status as string,
      unparsed: typeof s.unparsed === "string" ? s.unparsed : null,
    });
  }
  return out;
}
