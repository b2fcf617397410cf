import type { Db, PageTextRow } from "../db/index.ts";

/** Stores the extracted text of an item's pages; pages already stored are kept (a re-run adds nothing). */
export async function insertPageTexts(db: Db, itemId: string, pages: readonly { page: number; text: string }[]): Promise<void> {
  if (pages.length === 0) return;
  // Batches keep one statement's parameters well under PostgreSQL's 65535 for long documents.
  for (let i = 0; i < pages.length; i += 1000) {
    await db
      .insertInto("archive_page_text")
      .values(pages.slice(i, i + 1000).map((p) => ({ item_id: itemId, page: p.page, text: p.text })))
      .onConflict((oc) => oc.columns(["item_id", "page"]).doNothing())
      .execute();
  }
}

/** The stored page texts of an item, in page order. */
export async function findPageTexts(db: Db, itemId: string): Promise<PageTextRow[]> {
  return db.selectFrom("archive_page_text").selectAll().where("item_id", "=", itemId).orderBy("page").execute();
}

/** How many pages of an item have stored text (0: not extracted yet). */
export async function countPageTexts(db: Db, itemId: string): Promise<number> {
  const r = await db
    .selectFrom("archive_page_text")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("item_id", "=", itemId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
