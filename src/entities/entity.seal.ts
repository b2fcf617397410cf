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

// A slug made from the name, kept in the versions from before the entity became confidential,
// is sealed with the label there (the current row gets a neutral slug instead).
const slugAad = (entityId: string) => `entity:${entityId}:slug`;

/** Opens an entity snapshot from the history (revisions copy the stored, sealed row). */
export function openEntitySnapshot(id: string, snapshot: Record<string, unknown>): Record<string, unknown> {
  const { label, slug } = snapshot;
  let out = snapshot;
  if (isSealed(label)) out = { ...out, label: openSealed(activeKeyring(), label, aad(id)) };
  if (isSealed(slug)) out = { ...out, slug: openSealed(activeKeyring(), slug, slugAad(id)) };
  return out;
}

/**
 * Seals the label and slug of a snapshot of the history, once its entity became confidential
 * (issue 13: the name must not stay readable in earlier versions). Sealed parts stay as they are.
 */
export function sealEntitySnapshot(id: string, snapshot: Record<string, unknown>): Record<string, unknown> {
  const { label, slug } = snapshot;
  let out = snapshot;
  if (typeof label === "string" && !isSealed(label)) out = { ...out, label: seal(activeKeyring(), label, aad(id)) };
  if (typeof slug === "string" && !isSealed(slug)) out = { ...out, slug: seal(activeKeyring(), slug, slugAad(id)) };
  return out;
}
