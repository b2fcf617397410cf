import { copyRows, type Db, type PublicDb, type PublicEntityRow, type Trx } from "../db/index.ts";
import type { Visibility } from "../shared/viewer.ts";
import { openEntityRow, sealEntityLabel } from "./entity.seal.ts";
import { commitEntityVersions, commitNewEntityVersions } from "./entity.commit.ts";
import type { EntityRow, EntityUpdate, NewEntityRow } from "../db/index.ts";

// Labels of confidential entities are sealed on the way in and opened on the way out, here and
// nowhere else, so every caller of this repository sees plain labels and the database never does.
function sealRow<T extends { id: string; visibility?: string | undefined; label: string }>(row: T): T {
  return { ...row, label: sealEntityLabel(row.id, row.visibility ?? "team", row.label) };
}

/** Inserts many entities with COPY (bulk imports); every column must be set. */
export async function insertEntitiesBulk(trx: Trx, rows: readonly NewEntityRow[]): Promise<void> {
  const cols = ["id", "type", "slug", "label", "visibility", "is_fictional", "version", "created_by", "created_at", "updated_at"] as const;
  const sealed = rows.map(sealRow);
  // The review state is set apart: rows without it are the operator's, approved by that act.
  await copyRows(trx, "entity", [...cols, "review"], sealed.map((r) => [...cols.map((c) => r[c]), r.review ?? "approved"]));
  await commitNewEntityVersions(trx, sealed);
}

/** Inserts entities and returns them. */
export async function insertEntities(trx: Trx, rows: readonly NewEntityRow[]): Promise<EntityRow[]> {
  if (rows.length === 0) return [];
  const inserted = await trx.insertInto("entity").values(rows.map(sealRow)).returningAll().execute();
  await commitEntityVersions(trx, inserted.map((r) => r.id));
  return inserted.map(openEntityRow);
}

/** One entity by id. */
export async function findEntityById(db: Db, id: string): Promise<EntityRow | undefined> {
  const row = await db.selectFrom("entity").selectAll().where("id", "=", id).executeTakeFirst();
  return row && openEntityRow(row);
}

/** One entity by its current slug. */
export async function findEntityBySlug(db: Db, slug: string): Promise<EntityRow | undefined> {
  const row = await db.selectFrom("entity").selectAll().where("slug", "=", slug).executeTakeFirst();
  return row && openEntityRow(row);
}

/** The entity that used to have a slug (for redirects), if any. */
export async function findEntityIdByOldSlug(db: Db, slug: string): Promise<string | undefined> {
  const r = await db.selectFrom("entity_slug").select("entity_id").where("slug", "=", slug).executeTakeFirst();
  return r?.entity_id;
}

/** Which of the given slugs are taken, now or in the past. */
export async function findTakenSlugs(db: Db, slugs: readonly string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const now = await db.selectFrom("entity").select("slug").where("slug", "in", slugs).execute();
  const old = await db.selectFrom("entity_slug").select("slug").where("slug", "in", slugs).execute();
  return new Set([...now, ...old].map((r) => r.slug));
}

/** Updates an entity row only if it is still at the expected version; undefined when it is not. */
export async function updateEntityIfVersion(
  trx: Trx,
  id: string,
  expectedVersion: number,
  update: EntityUpdate,
): Promise<EntityRow | undefined> {
  let set = update;
  if (update.label !== undefined || update.visibility !== undefined) {
    // The stored label must match the visibility after the update: sealed when it is (or
    // becomes) confidential, plain when it stops being so.
    const current = await findEntityById(trx, id);
    if (current) set = { ...update, label: sealEntityLabel(id, update.visibility ?? current.visibility, update.label ?? current.label) };
  }
  const row = await trx
    .updateTable("entity")
    .set(set)
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await commitEntityVersions(trx, [id]);
  return openEntityRow(row);
}

/** Forgets the slugs an entity used before (their redirects go with them). */
export async function deleteOldSlugs(trx: Trx, entityId: string): Promise<void> {
  await trx.deleteFrom("entity_slug").where("entity_id", "=", entityId).execute();
}

/** Records a slug an entity no longer uses, so old links redirect. */
export async function insertOldSlug(trx: Trx, slug: string, entityId: string): Promise<void> {
  await trx.insertInto("entity_slug").values({ slug, entity_id: entityId }).onConflict((oc) => oc.doNothing()).execute();
}

/** A page of entities of a type that the reader may see, by label. */
export async function findEntities(
  db: Db,
  opts: { type?: string | undefined; visibilities: readonly Visibility[]; limit: number; offset: number },
): Promise<EntityRow[]> {
  let q = db.selectFrom("entity").selectAll().where("visibility", "in", opts.visibilities as Visibility[]);
  if (opts.type) q = q.where("type", "=", opts.type);
  return (await q.orderBy("label").orderBy("id").limit(opts.limit).offset(opts.offset).execute()).map(openEntityRow);
}

/** Entities by id (any visibility: callers filter). */
export async function findEntitiesByIds(db: Db, ids: readonly string[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom("entity").selectAll().where("id", "in", ids).execute()).map(openEntityRow);
}

/** A page of entities from the public projection (what anonymous readers may see). */
export async function findPublicEntities(
  db: PublicDb,
  opts: { type?: string | undefined; limit: number; offset: number },
): Promise<PublicEntityRow[]> {
  let q = db.selectFrom("public_entity").selectAll();
  if (opts.type) q = q.where("type", "=", opts.type);
  return q.orderBy("label").orderBy("id").limit(opts.limit).offset(opts.offset).execute();
}

/** One entity of the public projection by id or current slug. */
export async function findPublicEntity(db: PublicDb, idOrSlug: string): Promise<PublicEntityRow | undefined> {
  return db
    .selectFrom("public_entity")
    .selectAll()
    .where((eb) => eb.or([eb("id", "=", idOrSlug), eb("slug", "=", idOrSlug)]))
    .executeTakeFirst();
}

/**
 * Entities whose label holds `text` (case-insensitive), among the given visibilities and types. A
 * confidential label is stored sealed, so it is never searched: callers leave that level out.
 */
export async function findEntitiesByLabel(
  db: Db,
  text: string,
  opts: { visibilities: readonly Visibility[]; types: readonly string[]; limit: number },
): Promise<EntityRow[]> {
  const visibilities = opts.visibilities.filter((v) => v !== "confidential");
  if (visibilities.length === 0) return [];
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let q = db.selectFrom("entity").selectAll().where("visibility", "in", visibilities).where("label", "ilike", pattern);
  if (opts.types.length > 0) q = q.where("type", "in", opts.types);
  return (await q.orderBy("label").limit(opts.limit).execute()).map(openEntityRow);
}
