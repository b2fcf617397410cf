/**
 * Memoizes a pure one-argument string function. Imports and linkage repeat the same dates, name
 * tokens and cities thousands of times, and the normalizers are pure, so caching them is safe.
 * A long-lived cache passes `max`: it is emptied when full rather than tracking recency, which is
 * enough for that access pattern; a cache that lives for one run may stay unbounded.
 */
export function memoize<A extends string, R>(fn: (a: A) => R, max = Number.POSITIVE_INFINITY): (a: A) => R {
  const cache = new Map<A, R>();
  return (a: A) => {
    // One lookup for the common case; `has` only when the cached result may be undefined.
    const hit = cache.get(a);
    if (hit !== undefined || cache.has(a)) return hit as R;
    const r = fn(a);
    if (cache.size >= max) cache.clear();
    cache.set(a, r);
    return r;
  };
}
