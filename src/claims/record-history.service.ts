import { isSealed } from "../crypto/index.ts";
import type { Db, RevisionRow } from "../db/index.ts";
import { findEntitiesByIds, getEntity, openEntitySnapshot, type Entity } from "../entities/index.ts";
import { findCurrentSnapshots, findRevisionsOf } from "../history/index.ts";
import { forbidden } from "../shared/errors.ts";
import { strictestVisibility } from "../shared/policy.ts";
import { readableVisibilities, type Viewer } from "../shared/viewer.ts";
import { getClaim } from "./claim.service.ts";
import { isSealedClaimValue, openClaimSnapshot } from "./claim.seal.ts";
import type { Claim } from "./claim.types.ts";
import { findClaimKeysOfEntity } from "./record-history.repository.ts";

/**
 * One version of an entity or of a claim as a viewer may see it. When the version is above the
 * viewer's clearance (or its value was sealed when the claim became confidential) `sealed` is true
 * and `fields` and `reason` are withheld: the viewer learns that a change happened, not what it was.
 */
export interface VersionView {
  readonly objectType: "entity" | "claim";
  readonly objectId: string;
  /** The claim's property; undefined for the entity's own versions. */
  readonly property: string | undefined;
  readonly version: number;
  readonly action: string;
  readonly author: string;
  readonly reason: string | null;
  readonly createdAt: Date;
  /** The version's visibility, bounded by its entity (and the entity its value names). */
  readonly visibility: string;
  readonly status: string | undefined;
  readonly sealed: boolean;
  /** Field name → text for people, in a fixed order; undefined when sealed. */
  readonly fields: ReadonlyMap<string, string> | undefined;
}

/** One change in a record's history: a version and the version of the same object before it. */
export interface RecordChange {
  readonly current: VersionView;
  readonly previous: VersionView | undefined;
}

/** The fields of an entity version shown and compared, in this order. */
export const ENTITY_FIELDS = ["label", "slug", "visibility"] as const;
/** The fields of a claim version shown and compared, in this order. */
export const CLAIM_FIELDS = ["value", "valueType", "valueLang", "sources", "editorial", "confidence", "visibility", "status", "preferred"] as const;

const str = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v as number | boolean));

function sourcesText(v: unknown): string {
  if (!Array.isArray(v)) return "";
  return v
    .map((s: unknown) => {
      if (!s || typeof s !== "object") return "";
      const { sourceId, locator } = s as { sourceId?: unknown; locator?: unknown };
      const loc = locator && typeof locator === "object" ? Object.entries(locator as Record<string, unknown>).map(([k, x]) => `${k}: ${str(x)}`).join(", ") : "";
      return loc ? `${str(sourceId)} (${loc})` : str(sourceId);
    })
    .join("; ");
}

function claimFields(s: Record<string, unknown>): Map<string, string> {
  const value = s.value && typeof s.value === "object" ? (s.value as Record<string, unknown>) : {};
  return new Map<string, string>([
    ["value", str(s.value_text)],
    ["valueType", str(s.value_type)],
    ["valueLang", str(value.lang)],
    ["sources", sourcesText(s.sources)],
    ["editorial", str(s.editorial)],
    ["confidence", str(s.confidence)],
    ["visibility", str(s.visibility)],
    ["status", str(s.status)],
    ["preferred", str(s.preferred)],
  ]);
}

function entityFields(s: Record<string, unknown>): Map<string, string> {
  return new Map<string, string>(ENTITY_FIELDS.map((f) => [f, str(s[f])]));
}

/**
 * The revisions of many objects of one type, each list oldest first, with the current version
 * added where no revision row holds it yet (bulk imports write none until something supersedes it).
 */
async function revisionsOf(db: Db, objectType: "claim" | "entity", ids: readonly string[]): Promise<Map<string, RevisionRow[]>> {
  const [stored, currents] = await Promise.all([findRevisionsOf(db, objectType, ids), findCurrentSnapshots(db, objectType, ids)]);
  for (const [id, snapshot] of currents) {
    const list = stored.get(id) ?? [];
    const version = Number(snapshot.version);
    if (!list.some((r) => r.version === version)) {
      list.push({
        object_type: objectType,
        object_id: id,
        version,
        action: "create",
        snapshot,
        author: str(objectType === "claim" ? snapshot.author : snapshot.created_by),
        reason: null,
        created_at: new Date(str(snapshot.updated_at)),
      });
    }
    stored.set(id, list);
  }
  return stored;
}

/** Turns the stored revisions of one object into what the viewer may see of them, oldest first. */
function viewsOf(
  viewer: Viewer,
  rows: readonly RevisionRow[],
  property: string | undefined,
  bound: (snapshot: Record<string, unknown>) => readonly string[],
): VersionView[] {
  const allowed = readableVisibilities(viewer) as readonly string[];
  const canOpen = allowed.includes("confidential");
  return rows.map((r) => {
    const isClaim = r.object_type === "claim";
    const sealedAtRest = isClaim ? isSealedClaimValue(r.snapshot.value) : isSealed(r.snapshot.label);
    // strictestVisibility reads a missing level as confidential (failing closed), so pass only real ones.
    const levels = [str(r.snapshot.visibility) || "team", ...(sealedAtRest ? ["confidential"] : []), ...bound(r.snapshot)];
    const visibility = strictestVisibility(...levels);
    const readable = allowed.includes(visibility) && (!sealedAtRest || canOpen);
    const open = readable ? (isClaim ? openClaimSnapshot(r.object_id, r.snapshot) : openEntitySnapshot(r.object_id, r.snapshot)) : undefined;
    return {
      objectType: isClaim ? "claim" : "entity",
      objectId: r.object_id,
      property,
      version: r.version,
      action: r.action,
      author: r.author,
      reason: readable ? r.reason : null,
      createdAt: r.created_at,
      visibility,
      status: isClaim ? str(r.snapshot.status) : undefined,
      sealed: !readable,
      fields: open ? (isClaim ? claimFields(open) : entityFields(open)) : undefined,
    };
  });
}

/** The visibilities bounding a claim version: its entity now, and the entity its value names now. */
async function claimBounds(db: Db, entity: Entity, rows: Iterable<RevisionRow>) {
  const refs = [...new Set([...rows].map((r) => r.snapshot.ref_id).filter((x): x is string => typeof x === "string"))];
  const named = new Map((await findEntitiesByIds(db, refs)).map((e) => [e.id, e.visibility]));
  // A named entity that no longer exists counts as confidential (as in history's own rule).
  return (s: Record<string, unknown>): string[] => [entity.visibility, ...(typeof s.ref_id === "string" ? [named.get(s.ref_id) ?? "confidential"] : [])];
}

/**
 * Every change to a record and to each of its claims, merged, newest first, one page of them.
 * Versions above the viewer's clearance are listed sealed (that a change happened, by whom and
 * when), never with their values.
 * @throws SabtError not_found when the entity is absent or not visible; forbidden for anonymous viewers.
 */
export async function listRecordHistory(
  db: Db,
  viewer: Viewer,
  entityId: string,
  page: { limit: number; offset: number },
): Promise<{ entity: Entity; changes: RecordChange[]; total: number }> {
  if (viewer.kind === "anonymous") throw forbidden("Sign in to see the history");
  const entity = await getEntity(db, viewer, entityId);
  const claims = await findClaimKeysOfEntity(db, entity.id);
  const [entityRows, claimRows] = await Promise.all([
    revisionsOf(db, "entity", [entity.id]),
    revisionsOf(db, "claim", claims.map((c) => c.id)),
  ]);
  const bound = await claimBounds(db, entity, [...claimRows.values()].flat());
  const lists = [
    viewsOf(viewer, entityRows.get(entity.id) ?? [], undefined, () => []),
    ...claims.map((c) => viewsOf(viewer, claimRows.get(c.id) ?? [], c.property, bound)),
  ];
  const changes = lists.flatMap((list) => list.map((current, i) => ({ current, previous: list[i - 1] })));
  changes.sort(
    (a, b) =>
      b.current.createdAt.getTime() - a.current.createdAt.getTime() ||
      b.current.version - a.current.version ||
      a.current.objectId.localeCompare(b.current.objectId),
  );
  return { entity, changes: changes.slice(page.offset, page.offset + page.limit), total: changes.length };
}

/**
 * Every version of a claim the viewer may read, oldest first, those above their clearance sealed.
 * @throws SabtError not_found as `getClaim`; forbidden for anonymous viewers.
 */
export async function listClaimVersions(db: Db, viewer: Viewer, claimId: string): Promise<{ claim: Claim; entity: Entity; versions: VersionView[] }> {
  if (viewer.kind === "anonymous") throw forbidden("Sign in to see the history");
  const claim = await getClaim(db, viewer, claimId);
  const entity = await getEntity(db, viewer, claim.entityId);
  const rows = (await revisionsOf(db, "claim", [claim.id])).get(claim.id) ?? [];
  return { claim, entity, versions: viewsOf(viewer, rows, claim.property, await claimBounds(db, entity, rows)) };
}

/**
 * Every version of an entity's own fields (label, slug, visibility), oldest first.
 * @throws SabtError not_found when absent or not visible; forbidden for anonymous viewers.
 */
export async function listEntityVersions(db: Db, viewer: Viewer, entityId: string): Promise<{ entity: Entity; versions: VersionView[] }> {
  if (viewer.kind === "anonymous") throw forbidden("Sign in to see the history");
  const entity = await getEntity(db, viewer, entityId);
  const rows = (await revisionsOf(db, "entity", [entity.id])).get(entity.id) ?? [];
  return { entity, versions: viewsOf(viewer, rows, undefined, () => []) };
}

