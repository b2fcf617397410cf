import { sql } from "kysely";
import { copyEncoded, copyRows, encodeCopyChunks, JsonText, type Db, type Trx } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import { openClaimRow, sealClaimUpdate, sealNewClaimRow, updateNeedsSealing } from "./claim.seal.ts";
import { commitClaimVersions, commitNewClaimVersions, digestNewClaims, type NewClaimDigests } from "./claim.commit.ts";
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
  "review",
  "unparsed",
  "created_at",
  "updated_at",
] as const;

// Every column a new claim sets (all but the generated full-text vector and the review state,
// which is set apart: importers build rows without it, and they are approved by the operator's act).
const INSERT_COLUMNS = COLUMNS.filter((c) => c !== "review");

/** A sealed new claim as the values of a COPY row, in the order of `INSERT_COLUMNS` then `review`. */
function copyRow(row: NewClaimRow): unknown[] {
  const rec = row as unknown as Record<string, unknown>;
  const out: unknown[] = INSERT_COLUMNS.map((c) => (c === "value" || c === "sources" ? new JsonText(rec[c] as string) : rec[c]));
  // Rows without a review state are the operator's, approved by that act.
  out.push(row.review ?? "approved");
  return out;
}

/** Inserts claims with COPY and returns nothing (callers already know the rows). */
export async function insertClaims(trx: Trx, rows: readonly NewClaimRow[]): Promise<void> {
  // Confidential values are sealed here, at the last step before storage (src/crypto).
  const sealed = rows.map(sealNewClaimRow);
  // The rows travel to the database while their commitments are digested here: on a PostgreSQL
  // server both run at once. The catch only keeps a failure from being reported as unhandled
  // before it is awaited below (it still fails this call).
  const copied = copyRows(trx, "claim", [...INSERT_COLUMNS, "review"], sealed.map(copyRow));
  copied.catch(() => undefined);
  let digests: NewClaimDigests;
  try {
    digests = await digestNewClaims(sealed);
  } finally {
    await copied;
  }
  await finishInsert(trx, rows, digests);
}

/** New claim rows made ready to store with no I/O (`prepareClaims`): sealed, digested, encoded for COPY. */
export interface PreparedClaims {
  rows: readonly NewClaimRow[];
  digests: NewClaimDigests;
  copy: Uint8Array<ArrayBuffer>[];
}

/**
 * Seals, digests and encodes new claim rows for `insertPreparedClaims`, yielding to the event loop
 * as it goes: a bulk import prepares its next batch so while the database stores the current one.
 */
export async function prepareClaims(rows: readonly NewClaimRow[]): Promise<PreparedClaims> {
  const sealed = rows.map(sealNewClaimRow);
  const digests = await digestNewClaims(sealed);
  return { rows, digests, copy: encodeCopyChunks(sealed.map(copyRow)) };
}

/** Inserts claims prepared by `prepareClaims` with COPY, as `insertClaims` does. */
export async function insertPreparedClaims(trx: Trx, prepared: PreparedClaims): Promise<void> {
  await copyEncoded(trx, "claim", [...INSERT_COLUMNS, "review"], prepared.copy);
  await finishInsert(trx, prepared.rows, prepared.digests);
}

/** What follows the COPY of new claims: the blind index of confidential ones, and the commitments. */
async function finishInsert(trx: Trx, rows: readonly NewClaimRow[], digests: NewClaimDigests): Promise<void> {
  // Sealing empties a confidential claim's search key; its terms go to the blind index instead.
  const confidential = rows.filter((r) => r.visibility === "confidential");
  if (confidential.length > 0) {
    await writeSealedTerms(trx, confidential.map((r) => ({ claimId: r.id, searchKey: r.search_key, confidential: true })), { replace: false });
  }
  await commitNewClaimVersions(trx, digests);
}

/**
 * What decides who may read a claim besides its own visibility: the visibility of its entity, that
 * of the entity its value names (null when it names none; "missing" when that entity is gone, which
 * callers treat as confidential), and whether the public projection (`public_claim`) shows it. A
 * claim is never more visible than these (issue 13), so every load by id carries them.
 */
export interface ClaimAccessColumns {
  entity_visibility: string | null;
  ref_visibility: string | null;
  in_public_view: boolean;
}

/** A claim row with its access columns. */
export type ClaimAccessRow = ClaimRow & ClaimAccessColumns;

// Read from the stored row, where a confidential claim's ref_id is sealed (null): such a claim is
// confidential already, so the entity it names cannot make it any more closed.
const ACCESS_COLUMNS = [
  sql<string | null>`(SELECT e.visibility FROM entity e WHERE e.id = claim.entity_id)`.as("entity_visibility"),
  sql<string | null>`CASE WHEN claim.ref_id IS NULL THEN NULL
    ELSE coalesce((SELECT r.visibility FROM entity r WHERE r.id = claim.ref_id), 'missing') END`.as("ref_visibility"),
  sql<boolean>`EXISTS (SELECT 1 FROM public_claim p WHERE p.id = claim.id OFFSET 0)`.as("in_public_view"),
] as const;

/**
 * Who a list of claims is read for: the visibilities the reader may read (most open first, as
 * `readableVisibilities` gives them) and, for anonymous readers, the public projection only.
 */
export interface ClaimReader {
  visibilities: readonly Visibility[];
  publicOnly: boolean;
}

/**
 * The claims a reader may see: the claim, its entity and the entity its value names all at a
 * readable visibility. Because a reader who may read one level may read every more open one, this
 * is "the most closed of the three is readable", the rule `getClaim` applies to one claim.
 */
function readableBy(reader: ClaimReader) {
  // The public projection also leaves out retracted claims and scheduled articles. OFFSET 0 keeps
  // the test a key lookup per claim in both branches of the view (as a semi-join over the whole
  // view it read every public claim).
  if (reader.publicOnly) return sql<boolean>`EXISTS (SELECT 1 FROM public_claim p WHERE p.id = claim.id OFFSET 0)`;
  const vis = reader.visibilities as Visibility[];
  return sql<boolean>`(claim.visibility = ANY(${vis}::text[])
    AND EXISTS (SELECT 1 FROM entity e WHERE e.id = claim.entity_id AND e.visibility = ANY(${vis}::text[]))
    AND (claim.ref_id IS NULL OR EXISTS (SELECT 1 FROM entity r WHERE r.id = claim.ref_id AND r.visibility = ANY(${vis}::text[]))))`;
}

/** One claim by id, with what decides who may read it. */
export async function findClaimById(db: Db, id: string): Promise<ClaimAccessRow | undefined> {
  const row = await db.selectFrom("claim").select(COLUMNS).select(ACCESS_COLUMNS).where("id", "=", id).executeTakeFirst();
  return row && openClaimRow(row);
}

/** Locks a claim row for the rest of the transaction; returned with what decides who may read it. */
export async function lockClaimById(trx: Trx, id: string): Promise<ClaimAccessRow | undefined> {
  const row = await trx.selectFrom("claim").select(COLUMNS).select(ACCESS_COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
  return row && openClaimRow(row);
}

/** The claims about an entity that a reader may see, by property then age. */
export async function findClaimsByEntity(db: Db, entityId: string, reader: ClaimReader): Promise<ClaimRow[]> {
  return (await db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("entity_id", "=", entityId)
    .where(readableBy(reader))
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
    // A list's cell Sabt could not read is raw text waiting to be resolved, not a rival value.
    .where("unparsed", "is", null)
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
    // Only the value columns are needed here: the caller decided access when it loaded the claim.
    const locked = await trx.selectFrom("claim").select(COLUMNS).where("id", "=", id).forUpdate().executeTakeFirst();
    if (!locked) return undefined;
    const current = openClaimRow(locked);
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
  if (!row) return undefined;
  if (terms) await writeSealedTerms(trx, [{ claimId: id, ...terms }], { replace: true });
  await commitClaimVersions(trx, [id]);
  return openClaimRow(row);
}

/** Claims a reader may see whose dates overlap [from, to] (ISO dates), optionally for one property. */
export async function findClaimsOverlapping(
  db: Db,
  opts: { from: string; to: string; property?: string | undefined; reader: ClaimReader; limit: number },
): Promise<ClaimRow[]> {
  let q = db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("date_earliest", "<=", opts.to)
    .where("date_latest", ">=", opts.from)
    .where("status", "<>", "retracted")
    // Decided before the limit, so that a page is full.
    .where(readableBy(opts.reader));
  if (opts.property) q = q.where("property", "=", opts.property);
  return (await q.orderBy("date_earliest").limit(opts.limit).execute()).map(openClaimRow);
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

/**
 * The claims a reader may see whose value names `refId` (a relation's parts, a person's prison),
 * newest first, at most `limit`; served by the partial index on `ref_id`.
 */
export async function findClaimsReferencing(db: Db, refId: string, reader: ClaimReader, limit: number): Promise<ClaimRow[]> {
  return (await db
    .selectFrom("claim")
    .select(COLUMNS)
    .where("ref_id", "=", refId)
    .where("status", "<>", "retracted")
    .where(readableBy(reader))
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute()).map(openClaimRow);
}
