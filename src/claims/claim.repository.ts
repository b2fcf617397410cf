import { sql } from "kysely";
import type { Db, Trx } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import { openClaimRow, sealClaimUpdate, sealNewClaimRow, updateNeedsSealing } from "./claim.seal.ts";
import type { ClaimRow, ClaimUpdate, NewClaimRow } from "../db/index.ts";
import { writeSealedTerms } from "./sealed-term.repository.ts";

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

// Every column a new claim sets (all but the generated full-text vector).
const INSERT_COLUMNS = COLUMNS;

// Rows per INSERT: the batch travels as one JSON parameter that PostgreSQL expands itself
// (jsonb_populate_recordset), which is far faster than tens of thousands of bind parameters,
// above all on PGlite where every parameter crosses the WebAssembly boundary.
const INSERT_CHUNK = 5000;

/** Serializes a new claim row as JSON, splicing in `value` and `sources`, which are JSON text already. */
function rowJson(row: NewClaimRow): string {
  const { value, sources, ...rest } = row;
  return `${JSON.stringify(rest).slice(0, -1)},"value":${value},"sources":${sources}}`;
}

/** Inserts claims in chunks and returns nothing (callers already know the rows). */
export async function insertClaims(trx: Trx, rows: readonly NewClaimRow[]): Promise<void> {
  // Confidential values are sealed here, at the last step before storage (src/crypto).
  const sealed = rows.map(sealNewClaimRow);
  for (let i = 0; i < sealed.length; i += INSERT_CHUNK) {
    const chunk = sealed.slice(i, i + INSERT_CHUNK);
    const cols = sql.join(INSERT_COLUMNS.map((c) => sql.ref(c)));
    await sql`
      INSERT INTO claim (${cols})
      SELECT ${cols} FROM jsonb_populate_recordset(NULL::claim, ${`[${chunk.map(rowJson).join(",")}]`}::jsonb)`.execute(trx);
  }
  // Sealing empties a confidential claim's search key; its terms go to the blind index instead.
  const confidential = rows.filter((r) => r.visibility === "confidential");
  if (confidential.length > 0) {
    await writeSealedTerms(trx, confidential.map((r) => ({ claimId: r.id, searchKey: r.search_key, confidential: true })), { replace: false });
  }
}

/** One claim by id. */
export async function findClaimById(db: Db, id: string): Promise<ClaimRow | undefined> {
  const row = await db.selectFrom("claim").select(COLUMNS).where("id", "=", id).executeTakeFirst();
  return row && openClaimRow(row);
}

/** Locks a claim row for the rest of the transaction. */
export async function lockClaimById(trx: Trx, id: string): Promise<ClaimRow | undefined> {
  const row = await trx.selectFrom("claim").select(COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
  return row && openClaimRow(row);
}

/** The claims about an entity at the given visibilities, by property then age. */
export async function findClaimsByEntity(
  db: Db,
  entityId: string,
  visibilities: readonly Visibility[],
): Promise<ClaimRow[]> {
  return (await db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "=", entityId)
    .where("visibility", "in", visibilities as Visibility[])
    .orderBy("property")
    .orderBy("created_at")
    .orderBy("id")
    .execute()).map(openClaimRow);
}

/** Non-retracted claims of the same entity and property, other than the given one. */
export async function findRivalClaims(trx: Trx, entityId: string, property: string, exceptId: string): Promise<ClaimRow[]> {
  return (await trx
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "=", entityId)
    .where("property", "=", property)
    .where("id", "<>", exceptId)
    .where("status", "<>", "retracted")
    .forUpdate()
    .execute()).map(openClaimRow);
}

/** Updates a claim only if it is still at the expected version; undefined when it is not. */
export async function updateClaimIfVersion(
  trx: Trx,
  id: string,
  expectedVersion: number,
  update: ClaimUpdate,
): Promise<ClaimRow | undefined> {
  // A change of value or visibility re-decides what is sealed, from the claim as it is now.
  let stored = update;
  let terms: { searchKey: string; confidential: boolean } | undefined;
  if (updateNeedsSealing(update)) {
    const current = await lockClaimById(trx, id);
    if (!current) return undefined;
    stored = sealClaimUpdate(current, update);
    terms = { searchKey: update.search_key ?? current.search_key, confidential: (update.visibility ?? current.visibility) === "confidential" };
  }
  const row = await trx
    .updateTable("claim")
    .set(stored)
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (row && terms) await writeSealedTerms(trx, [{ claimId: id, ...terms }], { replace: true });
  return row && openClaimRow(row);
}

/** Claims whose dates overlap [from, to] (ISO dates), optionally for one property. */
export async function findClaimsOverlapping(
  db: Db,
  opts: { from: string; to: string; property?: string | undefined; visibilities: readonly Visibility[]; limit: number; publicOnly?: boolean },
): Promise<ClaimRow[]> {
  let q = db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("date_earliest", "<=", opts.to)
    .where("date_latest", ">=", opts.from)
    .where("visibility", "in", opts.visibilities as Visibility[])
    .where("status", "<>", "retracted");
  if (opts.property) q = q.where("property", "=", opts.property);
  // Only what the public projection shows, decided before the limit so that a page is full.
  if (opts.publicOnly) q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM public_claim p WHERE p.id = claim.id)`);
  return (await q.orderBy("date_earliest").limit(opts.limit).execute()).map(openClaimRow);
}

/** How many claims there are. */
export async function countClaims(db: Db): Promise<number> {
  const r = await db.selectFrom("claim").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The claims of one entity whose import origin starts with a prefix (all values of one imported
 * row). Found through the entity's claims, which a person has a few dozen of at most, so no
 * index on `origin` is needed (migration 0007 dropped it to make imports cheaper).
 */
export async function findClaimsByEntityOrigin(trx: Trx, entityId: string, originPrefix: string): Promise<ClaimRow[]> {
  return (await trx
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "=", entityId)
    .where(sql<boolean>`starts_with(origin, ${originPrefix})`)
    .execute()).map(openClaimRow);
}
