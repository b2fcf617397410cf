import { isSealed, openSealed, seal } from "../crypto/index.ts";
import { activeKeyring } from "../crypto/index.ts";

/**
 * The label of a confidential entity (a witness, an informant, a victim whose family asked for
 * discretion) is itself the secret: it is sealed like a confidential claim value (ASVS 5.0
 * V14.2.x), bound to its row by the associated data. Other entities' labels stay plain, since
 * they are sorted, searched and published.
 */
const aad = (entityId: string) => `entity:${entityId}`;

/** The label as stored: sealed when the entity is confidential, plain otherwise. */
export function sealEntityLabel(entityId: string, visibility: string, label: string): string {
  if (visibility !== "confidential" || isSealed(label)) return label;
  return seal(activeKeyring(), label, aad(entityId));
}

/** Opens a stored entity row whose label is sealed; other rows pass unchanged. */
export function openEntityRow<T extends { id: string; label: string }>(row: T): T {
  return isSealed(row.label) ? { ...row, label: openSealed(activeKeyring(), row.label, aad(row.id)) } : row;
}

/** Opens an entity snapshot from the history (revisions copy the stored, sealed row). */
export function openEntitySnapshot(id: string, snapshot: Record<string, unknown>): Record<string, unknown> {
  const label = snapshot.label;
  return isSealed(label) ? { ...snapshot, label: openSealed(activeKeyring(), label, aad(id)) } : snapshot;
}

/**
 * An entity snapshot as it may stay once the entity became confidential: its label sealed and its
 * name-bearing slug replaced by the entity's neutral one; the same object when nothing is left to hide.
 */
export function sealEntitySnapshot(id: string, snapshot: Record<string, unknown>, neutralSlug: string): Record<string, unknown> {
  const label = snapshot.label;
  const plainLabel = typeof label === "string" && !isSealed(label);
  const namedSlug = typeof snapshot.slug === "string" && snapshot.slug !== neutralSlug;
  if (!plainLabel && !namedSlug) return snapshot;
  return { ...snapshot, ...(plainLabel ? { label: seal(activeKeyring(), label, aad(id)) } : {}), ...(namedSlug ? { slug: neutralSlug } : {}) };
}
