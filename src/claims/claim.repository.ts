import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import type { ClaimRow, ClaimUpdate, NewClaimRow } from "./claim.table.ts";

const COLUMNS = [
  "id",
  "entity_id",
  "property",
  "value_type",
  "value",
  "value_text",
  "search_key",
  "ref_id",
  "date_earliest",
  "date_latest",
  "num_value",
  "sources",
  "editorial",
  "confidence",
  "confidence_rule",
  "visibility",
  "status",
  "preferred",
  "preferred_reason",
  "origin",
  "author",
  "version",
  "created_at",
  "updated_at",
] as const;

// PostgreSQL takes at most 65,535 bind parameters per statement; claims have 24 columns.
const INSERT_CHUNK = 2000;

/** Inserts claims in chunks and returns nothing (callers already know the rows). */
export async function insertClaims(trx: Trx, rows: readonly NewClaimRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    await trx
      .insertInto("claim")
      .values(rows.slice(i, i + INSERT_CHUNK) as NewClaimRow[])
      .execute();
  }
}

/** One claim by id. */
export async function findClaimById(db: Db, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom("claim").select(COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** Locks a claim row for the rest of the transaction. */
export async function lockClaimById(trx: Trx, id: string): Promise<ClaimRow | undefined> {
  return trx.selectFrom("claim").select(COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
}

/** The claims about an entity at the given visibilities, by property then age. */
export async function findClaimsByEntity(
  db: Db,
  entityId: string,
  visibilities: readonly Visibility[],
): Promise<ClaimRow[]> {
  return db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "=", entityId)
    .where("visibility", "in", visibilities as Visibility[])
    .orderBy("property")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Claims about any of the entities (for exports and list views). */
export async function findClaimsByEntities(
  db: Db,
  entityIds: readonly string[],
  visibilities: readonly Visibility[],
): Promise<ClaimRow[]> {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "in", entityIds as string[])
    .where("visibility", "in", visibilities as Visibility[])
    .orderBy("entity_id")
    .orderBy("property")
    .orderBy("created_at")
    .execute();
}

/** Non-retracted claims of the same entity and property, other than the given one. */
export async function findRivalClaims(trx: Trx, entityId: string, property: string, exceptId: string): Promise<ClaimRow[]> {
  return trx
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "=", entityId)
    .where("property", "=", property)
    .where("id", "<>", exceptId)
    .where("status", "<>", "retracted")
    .forUpdate()
    .execute();
}

/** Updates a claim only if it is still at the expected version; undefined when it is not. */
export async function updateClaimIfVersion(
  trx: Trx,
  id: string,
  expectedVersion: number,
  update: ClaimUpdate,
): Promise<ClaimRow | undefined> {
  return trx
    .updateTable("claim")
    .set(update)
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .returning(COLUMNS)
    .executeTakeFirst();
}

/** Claims created from given import origins (list:…:record:column), keyed by origin. */
export async function findClaimsByOrigins(trx: Trx, origins: readonly string[]): Promise<ClaimRow[]> {
  if (origins.length === 0) return [];
  return trx
    .selectFrom("claim")
    .select(COLUMNS)
    .where("origin", "=", sql<string>`ANY(${origins as string[]}::text[])`)
    .execute();
}

/** Claims whose dates overlap [from, to] (ISO dates), optionally for one property. */
export async function findClaimsOverlapping(
  db: Db,
  opts: { from: string; to: string; property?: string | undefined; visibilities: readonly Visibility[]; limit: number },
): Promise<ClaimRow[]> {
  let q = db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("date_earliest", "<=", opts.to)
    .where("date_latest", ">=", opts.from)
    .where("visibility", "in", opts.visibilities as Visibility[])
    .where("status", "<>", "retracted");
  if (opts.property) q = q.where("property", "=", opts.property);
  return q.orderBy("date_earliest").limit(opts.limit).execute();
}

/** How many claims there are. */
export async function countClaims(db: Db): Promise<number> {
  const r = await db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Claims whose import origin starts with a prefix (all values of one imported row). */
export async function findClaimsByOriginPrefix(trx: Trx, prefix: string): Promise<ClaimRow[]> {
  return trx
    .selectFrom("claim")
    .select(COLUMNS)
    .where("origin", "like", prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%")
    .execute();
}
