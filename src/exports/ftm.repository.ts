import type { PublicClaimRow, PublicDb, PublicEntityRow } from "../db/index.ts";

/** A page of public entities in id order, after the given id. */
export async function findPublicEntityPage(db: PublicDb, afterId: string, limit: number): Promise<PublicEntityRow[]> {
  return db.selectFrom("public_entity").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

/** The public claims of some entities. */
export async function findPublicClaimsFor(db: PublicDb, entityIds: readonly string[]): Promise<PublicClaimRow[]> {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom("public_claim")
    .selectAll()
    .where("entity_id", "in", entityIds as string[])
    .orderBy("entity_id")
    .orderBy("property")
    .orderBy("created_at")
    .execute();
}
