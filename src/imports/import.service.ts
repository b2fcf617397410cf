import { recordAudit } from "../audit/index.ts";
import {
  findImportedVersions,
  findListRowClaims,
  importReason,
  insertClaimRows,
  insertPreparedClaimRows,
  recordImportedVersions,
  supersedeClaimRow,
} from "../claims/index.ts";
import type { ImportedVersion } from "../claims/index.ts";
import type { ClaimRow, NewClaimRow } from "../db/index.ts";
import type { Db, Trx } from "../db/index.ts";
import { allocateSlugs, createEntity, editEntity, getEntity, openReview } from "../entities/index.ts";
import { insertEntitiesBulk } from "../entities/index.ts";
import { authorize } from "../shared/policy.ts";
import { slugify } from "../shared/slug.ts";
import { parseListOrigin } from "../shared/victim-list.ts";
import { actorName, type Viewer, type Visibility } from "../shared/viewer.ts";
import { foldText } from "../dates/index.ts";
import { findListByLabel, findListLabels, findListRecords, insertListRecords, lockImports, updateListRecordHash } from "./import.repository.ts";
import { batchContext, newPeople, waitsForReview, type PreparedBatch } from "./batch-prepare.ts";
import { createClaimRowBuilder } from "./claim-rows.ts";
import { NAME_COLUMNS, pickLabel, stricterVisibility, type PersonRow } from "./persons.csv.ts";

/** Counts of one batch. */
export interface BatchResult {
  imported: number;
  updated: number;
  unchanged: number;
  /** Values an editor changed while the import was updating them: the editor's version stays. */
  keptEdits: KeptEdit[];
}

/** A list value the import did not overwrite because an editor changed its claim meanwhile. */
export interface KeptEdit {
  recordId: string;
  column: string;
  claimId: string;
}

/**
 * True when a claim's version holds what the cell holds: the same value, visibility, presence
 * and reading (a contested mark is not a different value).
 */
function sameCell(a: ImportedVersion, b: Pick<NewClaimRow, "value_text" | "visibility" | "status" | "unparsed">): boolean {
  return (
    a.value_text === b.value_text &&
    a.visibility === b.visibility &&
    (a.status === "retracted") === (b.status === "retracted") &&
    // Read or kept unread: the reason's wording may change between versions of Sabt, so only whether there is one.
    typeof a.unparsed === "string" === (typeof b.unparsed === "string")
  );
}

/** A list name as a lookup key: case, letter forms (ي/ی, ك/ک), digits, ZWNJ and spacing folded. */
function listNameKey(name: string): string {
  // A ZWNJ and a space both separate the parts of Persian words; typists use either.
  return foldText(name.normalize("NFC").replace(/\u200c/g, " ")).replace(/\s+/g, " ").trim();
}

/**
 * The list a `--list` name means. The same list is often named from different keyboards (Arabic
 * ي and ك or Persian ی and ک, with or without a ZWNJ, other case): each spelling must find the
 * same list, or re-importing it would create every person a second time.
 */
export async function findListByName(db: Db, name: string): Promise<{ id: string } | undefined> {
  const exact = await findListByLabel(db, name);
  if (exact) return exact;
  const key = listNameKey(name);
  const found = (await findListLabels(db)).find((l) => listNameKey(l.label) === key);
  return found && { id: found.id };
}

/** Finds the list entity by name, or creates it (a list is itself the source its values cite). */
export async function findOrCreateList(trx: Trx, viewer: Viewer, name: string, isFictional = false): Promise<string> {
  authorize(viewer, "create");
  await lockImports(trx);
  const existing = await findListByName(trx, name);
  if (existing) return existing.id;
  const e = await createEntity(trx, viewer, { type: "list", label: name, visibility: "public", isFictional });
  return e.id;
}

/**
 * Imports one batch of parsed rows in the caller's transaction: new rows become people with their
 * claims, changed rows update their claims (each change a new version), unchanged rows are left
 * alone. With `prepared` (`prepareBatch` of the same rows), a batch of new rows only is stored as
 * prepared; a batch with known rows (another import stored them meanwhile) is built here.
 */
export async function importPersonBatch(
  trx: Trx,
  viewer: Viewer,
  opts: { listId: string; importId: string; rows: readonly PersonRow[]; isFictional?: boolean; prepared?: PreparedBatch | undefined },
): Promise<BatchResult> {
  authorize(viewer, "create");
  await lockImports(trx);
  const author = actorName(viewer);
  const known = new Map(
    (await findListRecords(trx, opts.listId, opts.rows.map((r) => r.recordId))).map((r) => [r.record_id, r]),
  );
  const fresh = opts.rows.filter((r) => !known.has(r.recordId));
  const changed = opts.rows.filter((r) => known.has(r.recordId) && known.get(r.recordId)!.row_hash !== r.hash);
  const prepared = opts.prepared && fresh.length === opts.rows.length ? opts.prepared : undefined;
  const ctx = batchContext(viewer, opts.listId);
  const { ids, at, claims } = prepared ? { ids: prepared.ids, at: prepared.at, claims: prepared.claims.rows } : newPeople(ctx, fresh);
  const build = createClaimRowBuilder(opts.listId, author, at);

  // New people.
  const slugs = await allocateSlugs(
    trx,
    fresh.map((r, i) =>
      // A name that is not public never becomes part of a URL.
      r.labelVisibility === "public" ? slugify(r.label, `person-${ids[i]!.slice(-8)}`) : `person-${ids[i]!.slice(-8)}`,
    ),
  );
  await insertEntitiesBulk(
    trx,
    fresh.map((r, i) => ({
      id: ids[i]!,
      type: "person",
      slug: slugs[i]!,
      label: r.label,
      visibility: r.labelVisibility,
      is_fictional: opts.isFictional ?? false,
      version: 1,
      ...(waitsForReview(ctx, r.labelVisibility) ? { review: "pending" as const } : {}),
      created_by: author,
      created_at: at,
      updated_at: at,
    })),
  );
  // No revision rows for new people and claims: their first version is the row itself, and it
  // is appended to the revision table before anything supersedes it.
  if (prepared) await insertPreparedClaimRows(trx, prepared.claims);
  else await insertClaimRows(trx, claims);
  await insertListRecords(
    trx,
    fresh.map((r, i) => ({ list_id: opts.listId, record_id: r.recordId, person_id: ids[i]!, row_hash: r.hash, import_id: opts.importId })),
  );

  // Changed rows: each changed value becomes a new version of its claim; a value that disappeared
  // is retracted (never deleted), a new column becomes a new claim.
  let updatedClaims = 0;
  const keptEdits: KeptEdit[] = [];
  for (const r of changed) {
    const personId = known.get(r.recordId)!.person_id;
    const columns = new Map(r.values.map((v) => [v.column, v]));
    const existing = await findListRowClaims(trx, personId, opts.listId, r.recordId);
    const byColumn = new Map(existing.map((c) => [parseListOrigin(c.origin!)!.column, c]));
    // What the list last wrote into each cell: the cells it did not change since are left alone,
    // so an editor's correction there survives (it is not the list's value).
    const imported = await findImportedVersions(trx, existing);
    const lastOf = (c: ClaimRow): ImportedVersion => imported.get(c.id) ?? c;
    await syncPersonLabel(trx, viewer, personId, r, new Map([...byColumn].map(([col, c]) => [col, lastOf(c)])), opts.importId);
    const touched: string[] = [];
    const added: NewClaimRow[] = [];
    const sources = build.sourcesOf(r);
    for (const v of r.values) {
      const old = byColumn.get(v.column);
      const built = build.row(r, v, personId, sources);
      const next = waitsForReview(ctx, built.visibility) ? { ...built, review: "pending" as const } : built;
      if (!old) {
        added.push(next);
        continue;
      }
      const last = lastOf(old);
      // The list did not change this cell, or the claim already holds the list's new value.
      if (sameCell(last, next) || sameCell(old, next)) continue;
      // Both the list and an editor changed it: the editor's version stays, and the report names it.
      if (!sameCell(old, last)) {
        keptEdits.push({ recordId: r.recordId, column: v.column, claimId: old.id });
        continue;
      }
      const superseded = await supersedeClaimRow(trx, old, {
        value_type: next.value_type,
        value: next.value,
        value_text: next.value_text,
        search_key: next.search_key,
        date_earliest: next.date_earliest,
        date_latest: next.date_latest,
        num_value: next.num_value,
        visibility: next.visibility,
        unparsed: next.unparsed ?? null,
        status: "asserted",
        version: old.version + 1,
        // A member's changed public value leaves the public until approved (never shown unreviewed).
        ...(next.review ? { review: next.review } : {}),
        updated_at: at,
      });
      // Someone changed the claim between this batch's read and its write (an editor in the
      // workspace): theirs is the newer version, so it stays, and the report names it.
      if (superseded) touched.push(old.id);
      else keptEdits.push({ recordId: r.recordId, column: v.column, claimId: old.id });
    }
    // Retract values whose cell is now empty (unless the list's cell was empty already, or an
    // editor changed the value since the list wrote it).
    for (const [col, old] of byColumn) {
      if (columns.has(col) || old.status === "retracted" || lastOf(old).status === "retracted") continue;
      if (!sameCell(old, lastOf(old))) {
        keptEdits.push({ recordId: r.recordId, column: col, claimId: old.id });
        continue;
      }
      const superseded = await supersedeClaimRow(trx, old, { status: "retracted", version: old.version + 1, updated_at: at });
      if (superseded) touched.push(old.id);
      else keptEdits.push({ recordId: r.recordId, column: col, claimId: old.id });
    }
    await insertClaimRows(trx, added);
    await recordImportedVersions(trx, touched, importReason(opts.importId), author);
    await updateListRecordHash(trx, opts.listId, r.recordId, r.hash, opts.importId);
    updatedClaims += touched.length + added.length;
  }

  const result = { imported: fresh.length, updated: changed.length, unchanged: opts.rows.length - fresh.length - changed.length };
  if (ctx.reviewPublic && (fresh.length > 0 || changed.length > 0)) {
    const list = await getEntity(trx, viewer, opts.listId);
    await openReview(trx, viewer, { kind: "entity", objectId: list.id, entityId: list.id, baseVersion: list.version, change: { op: "import", importId: opts.importId } });
  }
  if (fresh.length > 0 || changed.length > 0) {
    await recordAudit(trx, viewer, {
      action: "import.batch",
      objectType: "list",
      objectId: opts.listId,
      details: {
        importId: opts.importId,
        firstRow: opts.rows[0]?.line ?? 0,
        lastRow: opts.rows[opts.rows.length - 1]?.line ?? 0,
        ...result,
        claimsCreated: claims.length,
        // Cells kept unread (`--keep-unparsed`) among them: counted, never their text.
        ...(claims.some((c) => c.unparsed) ? { claimsUnparsed: claims.filter((c) => c.unparsed).length } : {}),
        claimsChanged: updatedClaims,
        ...(keptEdits.length > 0 ? { keptEdits: keptEdits.map((k) => k.claimId) } : {}),
      },
    });
  }
  return { ...result, keptEdits };
}

/**
 * Keeps a person's label and visibility in step with the names of its row. The entity's label is
 * what the public site, the FtM export and URLs show, so when a name changes or its column
 * becomes more restricted (`full_name@public` → `full_name@confidential`), the old label must not
 * stay public. Only a change of the row's names touches the entity (an editor's own relabelling
 * survives re-imports), and a visibility an editor restricted after the import is never widened.
 */
async function syncPersonLabel(
  trx: Trx,
  viewer: Viewer,
  personId: string,
  row: PersonRow,
  byColumn: ReadonlyMap<string, { value_text: string; visibility: string; status: string }>,
  importId: string,
): Promise<void> {
  const oldNames = [...byColumn]
    .filter(([column, c]) => NAME_COLUMNS.includes(column) && c.status !== "retracted")
    .map(([column, c]) => ({ column, text: c.value_text, visibility: c.visibility as Visibility }));
  const before = oldNames.length > 0 ? pickLabel(oldNames) : undefined;
  if (before && before.text === row.label && before.visibility === row.labelVisibility) return;
  const person = await getEntity(trx, viewer, personId);
  const restrictedSince = before !== undefined && stricterVisibility(person.visibility, before.visibility) !== before.visibility;
  const visibility = restrictedSince ? stricterVisibility(person.visibility, row.labelVisibility) : row.labelVisibility;
  if (person.label === row.label && person.visibility === visibility) return;
  await editEntity(trx, viewer, personId, { version: person.version, label: row.label, visibility, reason: importReason(importId) });
}
