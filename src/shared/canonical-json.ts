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
