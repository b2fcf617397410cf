import { recordAudit } from "../audit/index.ts";
import { sealEntityLabel, sealEntitySnapshot } from "./entity.seal.ts";
import { publicView, type Db, type PublicEntityRow, type Trx } from "../db/index.ts";
import { insertEntityRevisionsFromTable, insertRevision, sealHistory } from "../history/index.ts";
import { notFound, staleVersion } from "../shared/errors.ts";
import { approveByOperator, initialReview, needsReview, openReview } from "./review.ts";
import { setReviewState } from "./review.repository.ts";
import { authorize } from "../shared/policy.ts";
import { newId, slugify } from "../shared/slug.ts";
import { actorName, readableVisibilities, type Viewer, type Visibility } from "../shared/viewer.ts";
import {
  findEntities,
  findEntitiesByIds,
  findEntitiesByLabel,
  findPublicEntities,
  findPublicEntity,
  findEntityById,
  findEntityBySlug,
  findEntityIdByOldSlug,
  findTakenSlugs,
  insertEntities,
  insertOldSlug,
  deleteOldSlugs,
  updateEntityIfVersion,
} from "./entity.repository.ts";
import type { EntityCreateReq, EntityEditReq, EntityType } from "./entity.schema.ts";
import type { EntityRow } from "../db/index.ts";
import type { Entity } from "./entity.types.ts";

/** Maps a stored row to the domain entity. */
export function rowToEntity(r: EntityRow): Entity {
  return {
    id: r.id,
    type: r.type as EntityType,
    slug: r.slug,
    label: r.label,
    visibility: r.visibility as Visibility,
    isFictional: r.is_fictional,
    version: r.version,
    review: r.review,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Maps a row of the public projection to the domain entity (public by definition). */
function publicRowToEntity(r: PublicEntityRow): Entity {
  return {
    id: r.id,
    type: r.type as EntityType,
    slug: r.slug,
    label: r.label,
    visibility: "public",
    isFictional: r.is_fictional,
    version: 0,
    review: "approved",
    createdBy: "",
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The revision snapshot of a row: as stored, so a confidential label stays sealed in the history. */
function entitySnapshot(r: EntityRow): Record<string, unknown> {
  return { ...r, label: sealEntityLabel(r.id, r.visibility, r.label), created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString() };
}

/** The slug a new entity gets: from its label, except that a confidential entity's name must not appear in a URL or an index. */
function defaultSlug(input: EntityCreateReq, id: string): string {
  const neutral = `${input.type}-${id.slice(0, 8)}`;
  return input.visibility === "confidential" ? neutral : slugify(input.label, neutral);
}

/**
 * Picks unique slugs for a batch of labels: the slugified label, then -2, -3… when taken now,
 * in the past, or earlier in the same batch.
 */
export async function allocateSlugs(db: Db, wanted: readonly string[]): Promise<string[]> {
  const taken = await findTakenSlugs(db, wanted);
  const out: string[] = [];
  for (const w of wanted) {
    let s = w;
    for (let i = 2; taken.has(s); i++) s = `${w}-${i}`;
    taken.add(s);
    out.push(s);
  }
  // A suffixed slug may itself collide with an existing one that the first query did not ask about.
  const again = await findTakenSlugs(
    db,
    out.filter((s, i) => s !== wanted[i]),
  );
  return again.size === 0 ? out : out.map((s) => (again.has(s) ? `${s}-${newId().slice(0, 8)}` : s));
}

/**
 * Creates entities in one go (revision and audit entry each).
 * @throws SabtError forbidden when the viewer may not create.
 */
export async function createEntities(trx: Trx, viewer: Viewer, inputs: readonly EntityCreateReq[]): Promise<Entity[]> {
  authorize(viewer, "create");
  const ids = inputs.map(() => newId());
  const slugs = await allocateSlugs(
    trx,
    inputs.map((inp, i) => inp.slug ?? defaultSlug(inp, ids[i]!)),
  );
  const author = actorName(viewer);
  const rows = await insertEntities(
    trx,
    inputs.map((inp, i) => ({
      id: ids[i]!,
      type: inp.type,
      slug: slugs[i]!,
      label: inp.label,
      visibility: inp.visibility,
      is_fictional: inp.isFictional,
      version: 1,
      review: initialReview(viewer, inp.visibility === "public"),
      created_by: author,
    })),
  );
  for (const r of rows) {
    await insertRevision(trx, {
      object_type: "entity",
      object_id: r.id,
      version: 1,
      action: "create",
      snapshot: JSON.stringify(entitySnapshot(r)),
      author,
      reason: null,
    });
  }
  // The operator's public records are approved by the act that made them, and the audit entry says so.
  const approved = viewer.kind === "system" && rows.some((r) => r.visibility === "public") ? { review: "approved by the operator's act" } : {};
  if (rows.length === 1) {
    await recordAudit(trx, viewer, { action: "entity.create", objectType: "entity", objectId: rows[0]!.id, details: approved });
  } else if (rows.length > 1) {
    await recordAudit(trx, viewer, {
      action: "entity.create_many",
      objectType: "entity",
      objectId: rows[0]!.id,
      details: { count: rows.length, ids: rows.map((r) => r.id), ...approved },
    });
  }
  for (const r of rows) {
    if (r.review === "pending") await openReview(trx, viewer, { kind: "entity", objectId: r.id, entityId: r.id, baseVersion: 1 });
  }
  return rows.map(rowToEntity);
}

/** Creates one entity. */
export async function createEntity(trx: Trx, viewer: Viewer, input: EntityCreateReq): Promise<Entity> {
  const [e] = await createEntities(trx, viewer, [input]);
  return e!;
}

/**
 * Reads an entity the viewer may see, by id or current slug.
 * @throws SabtError not_found when it does not exist or the viewer may not see it.
 */
export async function getEntity(db: Db, viewer: Viewer, idOrSlug: string): Promise<Entity> {
  // Anonymous readers see the public projection only (which also hides scheduled articles).
  if (viewer.kind === "anonymous") {
    const pub = await findPublicEntity(publicView(db), idOrSlug);
    if (!pub) throw notFound("Entity");
    return publicRowToEntity(pub);
  }
  const row = (await findEntityById(db, idOrSlug)) ?? (await findEntityBySlug(db, idOrSlug));
  if (!row) throw notFound("Entity");
  authorize(viewer, "read", { visibility: row.visibility as Visibility, what: "Entity" });
  return rowToEntity(row);
}

/** The id an old slug now points to, for redirects; undefined if the slug was never used. */
export async function resolveOldSlug(db: Db, slug: string): Promise<string | undefined> {
  return findEntityIdByOldSlug(db, slug);
}

/** Lists entities the viewer may see. */
export async function listEntities(
  db: Db,
  viewer: Viewer,
  opts: { type?: EntityType | undefined; limit: number; offset: number },
): Promise<Entity[]> {
  authorize(viewer, "read");
  if (viewer.kind === "anonymous") return (await findPublicEntities(publicView(db), opts)).map(publicRowToEntity);
  const rows = await findEntities(db, { ...opts, visibilities: readableVisibilities(viewer) });
  return rows.map(rowToEntity);
}

/**
 * Edits an entity at a known version; a stale version is refused, never overwritten.
 * @throws SabtError stale_version when someone else changed it first.
 */
export async function editEntity(trx: Trx, viewer: Viewer, id: string, edit: EntityEditReq): Promise<Entity> {
  const current = await findEntityById(trx, id);
  if (!current) throw notFound("Entity");
  authorize(viewer, "update", { visibility: current.visibility as Visibility, what: "Entity" });
  if (current.version !== edit.version) throw staleVersion("This entity", edit.version, current.version);
  const resultIsPublic = (edit.visibility ?? current.visibility) === "public";
  if (needsReview(viewer, resultIsPublic) && current.visibility === "public" && current.review === "approved") {
    // Public and approved: the public keeps seeing this version until a second member approves the change.
    await openReview(trx, viewer, { kind: "entity", objectId: id, entityId: id, baseVersion: current.version, change: edit });
    return { ...rowToEntity(current), review: "pending" };
  }
  return applyEntityEdit(trx, viewer, current, edit, null);
}

/**
 * Applies an edit to an entity (the member's own, or an approved proposal, whose author is named
 * as the version's author) and keeps its review state: pending when a member makes it public.
 */
export async function applyEntityEdit(trx: Trx, viewer: Viewer, current: EntityRow, edit: EntityEditReq, proposedBy: string | null): Promise<Entity> {
  const id = current.id;
  if (current.version !== edit.version) throw staleVersion("This entity", edit.version, current.version);
  const resultIsPublic = (edit.visibility ?? current.visibility) === "public";
  let slug = current.slug;
  if (edit.visibility === "confidential" && current.visibility !== "confidential") {
    // Becoming confidential: the name-bearing slugs, current and earlier, are dropped, not kept for redirects.
    [slug] = (await allocateSlugs(trx, [edit.slug ?? `${current.type}-${id.slice(0, 8)}`])) as [string];
    await deleteOldSlugs(trx, id);
  } else if (edit.slug && edit.slug !== current.slug) {
    [slug] = (await allocateSlugs(trx, [edit.slug])) as [string];
    await insertOldSlug(trx, current.slug, id);
  }
  // Keep the version about to be superseded: a person created by an import has no revision row
  // yet, and without this its first version would drop out of the history (and fail verify).
  await insertEntityRevisionsFromTable(trx, [id], "create");
  const row = await updateEntityIfVersion(trx, id, edit.version, {
    label: edit.label ?? current.label,
    slug,
    visibility: edit.visibility ?? current.visibility,
    version: current.version + 1,
    updated_at: new Date(),
  });
  if (!row) throw staleVersion("This entity", edit.version, current.version + 1);
  if (row.visibility === "confidential" && current.visibility !== "confidential") {
    // The name must not stay readable in the entity's earlier versions either.
    await sealHistory(trx, "entity", id, (snapshot) => sealEntitySnapshot(id, snapshot));
  }
  await insertRevision(trx, {
    object_type: "entity",
    object_id: id,
    version: row.version,
    action: "update",
    snapshot: JSON.stringify(entitySnapshot(row)),
    author: proposedBy ?? actorName(viewer),
    reason: edit.reason ?? null,
  });
  await recordAudit(trx, viewer, {
    action: "entity.update",
    objectType: "entity",
    objectId: id,
    details: { version: row.version, ...(proposedBy ? { proposedBy } : {}) },
  });
  if (proposedBy === null && needsReview(viewer, resultIsPublic)) {
    // Not public before (or never approved): hidden from the public until approved.
    await openReview(trx, viewer, { kind: "entity", objectId: id, entityId: id, baseVersion: row.version });
    return { ...rowToEntity(row), review: "pending" };
  }
  if (viewer.kind === "system" && row.review !== "approved") await approveByOperator(trx, viewer, "entity", id);
  return rowToEntity(viewer.kind === "system" ? { ...row, review: "approved" } : row);
}

/** Which of the given entity ids are public (to keep only public citations on public pages). */
export async function publicEntityIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const rows = await findEntitiesByIds(db, [...new Set(ids)]);
  return new Set(rows.filter((r) => r.visibility === "public").map((r) => r.id));
}

/**
 * Carries out an approved proposal for an entity, naming its author in the new version.
 * @throws SabtError stale_version when the entity changed after the proposal was made.
 */
export async function applyEntityProposal(trx: Trx, viewer: Viewer, id: string, edit: EntityEditReq, proposedBy: string): Promise<Entity> {
  const current = await findEntityById(trx, id);
  if (!current) throw notFound("Entity");
  return applyEntityEdit(trx, viewer, current, edit, proposedBy);
}

/**
 * Publishes an approved entity (its review state becomes approved) at the version the reviewer saw.
 * @throws SabtError stale_version when it changed since.
 */
export async function approveEntityRecord(trx: Trx, id: string, version: number): Promise<Entity> {
  const current = await findEntityById(trx, id);
  if (!current) throw notFound("Entity");
  if (current.version !== version) throw staleVersion("This entity", version, current.version);
  await setReviewState(trx, "entity", id, "approved");
  return rowToEntity({ ...current, review: "approved" });
}

/**
 * Records the viewer may read whose label holds `text` (the entity picker's fallback for records
 * that have a label but no name claim); confidential labels are never matched.
 */
export async function findEntitiesByLabelText(
  db: Db,
  viewer: Viewer,
  text: string,
  opts: { types: readonly EntityType[]; limit: number },
): Promise<Entity[]> {
  authorize(viewer, "read");
  if (viewer.kind === "anonymous") return [];
  return (await findEntitiesByLabel(db, text, { visibilities: readableVisibilities(viewer), types: opts.types, limit: opts.limit })).map(rowToEntity);
}
