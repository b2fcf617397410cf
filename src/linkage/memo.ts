/**
 * Memoization for per-record preparation. Victim lists repeat the same names, cities and dates
 * thousands of times, and normalizing Persian text is the costliest step of preparation.
 */

/** Wraps a one-argument string function with a cache (one per preparation run). */
export function memoize<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      v = fn(s);
      cache.set(s, v);
    }
    return v as T;
  };
}
