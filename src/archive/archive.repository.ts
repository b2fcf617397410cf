import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { ArchiveItemRow, NewArchiveItemRow } from "../db/index.ts";

/** Inserts one archive item row. */
export async function insertArchiveItem(db: Db, row: NewArchiveItemRow): Promise<void> {
  await db.insertInto("archive_item").values(row).execute();
}

/** Finds an item by id. */
export async function findArchiveItemById(db: Db, id: string): Promise<ArchiveItemRow | undefined> {
  return db.selectFrom("archive_item").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Locks an item row for the rest of the transaction (serializes custody appends per item). */
export async function lockArchiveItemById(trx: Trx, id: string): Promise<ArchiveItemRow | undefined> {
  return trx.selectFrom("archive_item").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Moves an item's recorded custody head after an append. */
export async function updateArchiveItemCustodyHead(
  trx: Trx,
  id: string,
  count: number,
  head: string,
): Promise<void> {
  await trx
    .updateTable("archive_item")
    .set({ custody_count: count, custody_head: head })
    .where("id", "=", id)
    .execute();
}

/** The derived items (text, screenshots, stripped copies…) of an original. */
export async function findDerivedItems(db: Db, originalId: string): Promise<ArchiveItemRow[]> {
  return db
    .selectFrom("archive_item")
    .selectAll()
    .where("original_id", "=", originalId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/**
 * The web capture a job stored, if any (its WARC item names the job in `metadata.capture.jobId`).
 * Read only when a capture job starts, so no index is kept for it.
 */
export async function findCaptureItemIdOfJob(db: Db, jobId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom("archive_item")
    .select("id")
    .where("kind", "=", "web_capture")
    .where(sql<string>`metadata->'capture'->>'jobId'`, "=", jobId)
    .executeTakeFirst();
  return row?.id;
}

/** A page of items ordered by id, for walking the whole archive (verification, export). */
export async function findArchiveItemsPage(
  db: Db,
  afterId: string | null,
  limit: number,
): Promise<ArchiveItemRow[]> {
  let q = db.selectFrom("archive_item").selectAll().orderBy("id").limit(limit);
  if (afterId !== null) q = q.where("id", ">", afterId);
  return q.execute();
}

/** Every distinct stored file (SHA-256) that archive items name, in hash order. */
export async function findArchiveItemHashes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("archive_item").select("sha256").distinct().orderBy("sha256").execute();
  return rows.map((r) => r.sha256);
}

/**
 * The ids of the claims that cite an archive item (citation locator `archiveItemId`), served
 * by the GIN index on `claim.sources`.
 */
export async function findClaimIdsCitingItem(db: Db, itemId: string): Promise<string[]> {
  const probe = JSON.stringify([{ locator: { archiveItemId: itemId } }]);
  const rows = await db
    .selectFrom("claim")
    .select("id")
    .where(sql<boolean>`sources @> ${probe}::jsonb`)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

/** The full rows of the claims that cite an archive item (for evidence packages). */
export async function findClaimsCitingItem(db: Db, itemId: string) {
  const probe = JSON.stringify([{ locator: { archiveItemId: itemId } }]);
  return db
    .selectFrom("claim")
    .select([
      "id",
      "entity_id",
      "property",
      "value_type",
      "value",
      "value_text",
      "sources",
      "editorial",
      "confidence",
      "confidence_rule",
      "visibility",
      "status",
      "preferred",
      "preferred_reason",
      "author",
      "version",
      "created_at",
      "updated_at",
    ])
    .where(sql<boolean>`sources @> ${probe}::jsonb`)
    .orderBy("id")
    .execute();
}
