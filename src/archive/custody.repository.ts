import type { Db, Trx } from "../db/index.ts";
import type { CustodyRow, NewCustodyRow } from "../db/index.ts";

/** Appends one custody event row (the table refuses updates and deletes). */
export async function insertCustodyEvent(trx: Trx, row: NewCustodyRow): Promise<void> {
  await trx.insertInto("archive_custody").values(row).execute();
}

/** An item's whole custody log in order. */
export async function findCustodyEventsByItem(db: Db, itemId: string): Promise<CustodyRow[]> {
  return db.selectFrom("archive_custody").selectAll().where("item_id", "=", itemId).orderBy("seq").execute();
}

/** The custody logs of several items at once, ordered by item and seq (for whole-archive checks). */
export async function findCustodyEventsByItems(
  db: Db,
  itemIds: readonly string[],
): Promise<CustodyRow[]> {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom("archive_custody")
    .selectAll()
    .where("item_id", "in", itemIds)
    .orderBy("item_id")
    .orderBy("seq")
    .execute();
}
