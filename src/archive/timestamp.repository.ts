import type { Db } from "../db/index.ts";
import type { NewTimestampRow, TimestampRow } from "../db/index.ts";

/** Stores one RFC 3161 timestamp token. */
export async function insertTimestamp(db: Db, row: NewTimestampRow): Promise<void> {
  await db.insertInto("archive_timestamp").values(row).execute();
}

/** The timestamp tokens of an item, oldest first. */
export async function findTimestampsByItem(db: Db, itemId: string): Promise<TimestampRow[]> {
  return db
    .selectFrom("archive_timestamp")
    .selectAll()
    .where("item_id", "=", itemId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}
