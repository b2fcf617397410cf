/**
 * JSON with object keys sorted at every level. Hashes are computed over this form because
 * PostgreSQL's jsonb does not keep key order, and a hash must not change when a row round-trips.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") {
    // No prototype: assigning an own "__proto__" key to a plain object would set its prototype
    // instead, and that key and everything under it would silently drop out of the hash.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * A time as its ISO string, whether it comes as a Date (from code) or as PostgreSQL's JSON text
 * (`2026-11-25T10:00:00.123+00:00`), so that both renderings of one instant hash alike. Text that
 * is no time (an altered row) is kept as it is, to hash differently rather than throw.
 */
export function isoTime(v: unknown): unknown {
  if (!(v instanceof Date) && typeof v !== "string") return v;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}
