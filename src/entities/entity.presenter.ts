import type { Entity } from "./entity.types.ts";

/** The fields of an entity that leave the server; the public form omits visibility and authorship. */
export function presentEntity(e: Entity, opts: { isPublic: boolean }) {
  const base = {
    id: e.id,
    type: e.type,
    slug: e.slug,
    label: e.label,
    fictional: e.isFictional,
    updatedAt: e.updatedAt.toISOString(),
  };
  if (opts.isPublic) return base;
  return { ...base, visibility: e.visibility, version: e.version, createdBy: e.createdBy, createdAt: e.createdAt.toISOString() };
}
