/**
 * A feed of "the public data changed" signals. Each process's caches of public pages subscribe to
 * it; the database fills it (a trigger notifies on every committed change of what the public
 * projection is built from, and every process listens), so that an edit through one server is
 * seen on every other server's pages at once, not when their caches expire.
 */

/** Something that tells subscribers that public data changed. */
export interface ChangeFeed {
  /** Calls `fn` after each change; returns the function that stops it. */
  subscribe(fn: () => void): () => void;
}

/** A feed whose `emit` calls every subscriber (a failing subscriber does not stop the others). */
export function createChangeFeed(): ChangeFeed & { emit(): void } {
  const subscribers = new Set<() => void>();
  return {
    subscribe(fn) {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    emit() {
      for (const fn of subscribers) {
        try {
          fn();
        } catch {
          // A cache that cannot clear keeps its time limit; the others still clear.
        }
      }
    },
  };
}
