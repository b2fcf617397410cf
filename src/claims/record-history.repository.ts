import type { Db } from "../db/index.ts";

/**
 * Every claim of an entity, whatever its visibility, as id and property only: the record's
 * history shows that a change the viewer may not read happened, so it must know all of them
 * (property names are not sealed; values are, and are never read here).
 */
export async function findClaimKeysOfEntity(db: Db, entityId: string): Promise<{ id: string; property: string }[]> {
  return db.selectFrom("claim").select(["id", "property"]).where("entity_id", "=", entityId).orderBy("id").execute();
}
