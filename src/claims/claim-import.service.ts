/**
 * The bulk API the list importer needs: claims written as rows (built by `newClaimRow`), many at
 * once, without a per-claim audit entry (the importer audits each batch), and re-imported values
 * superseding earlier ones with their history kept. Values are sealed on the way in and opened on
 * the way out here, as for every other claim.
 */
import type { ClaimRow, ClaimUpdate, NewClaimRow, Trx } from "../db/index.ts";
import { insertClaimRevisionsFromTable, sealHistory } from "../history/index.ts";
import { listRowOrigin } from "../shared/victim-list.ts";
import { findClaimsByEntityOrigin, insertClaims, updateClaimIfVersion } from "./claim.repository.ts";
import { sealClaimSnapshot } from "./claim.seal.ts";

/** Stores new claims in bulk; their first version is the row itself (no revision row until superseded). */
export async function insertClaimRows(trx: Trx, rows: readonly NewClaimRow[]): Promise<void> {
  await insertClaims(trx, rows);
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
