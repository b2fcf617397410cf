import { findPublicClaimsOfIds, type PublicClaimRow, type PublicDb, type PublicEntityRow } from "../db/index.ts";

/** A page of public entities in id order, after the given id. */
export async function findPublicEntityPage(db: PublicDb, afterId: string, limit: number): Promise<PublicEntityRow[]> {
  return db.selectFrom("public_entity").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
}

/** The public claims of some entities. */
export async function findPublicClaimsFor(db: PublicDb, entityIds: readonly string[]): Promise<PublicClaimRow[]> {
  return findPublicClaimsOfIds(db, entityIds, { order: "entity" });
}
