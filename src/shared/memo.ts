/**
 * Memoizes a pure one-argument function with a bounded cache. Imports repeat the same dates and
 * name tokens thousands of times, and the normalizers are pure, so caching them is safe; the cache
 * is emptied when full rather than tracking recency, which is enough for that access pattern.
 */
export function memoize<A extends string, R>(fn: (a: A) => R, max = 50_000): (a: A) => R {
  const cache = new Map<A, R>();
  return (a: A) => {
    const hit = cache.get(a);
    if (hit !== undefined) return hit;
    const r = fn(a);
    if (cache.size >= max) cache.clear();
    cache.set(a, r);
    return r;
  };
}
