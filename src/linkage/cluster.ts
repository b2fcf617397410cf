/**
 * Clustering scored pairs into people. Single linkage (connected components) chains: two sisters
 * who each resemble one ambiguous record end up as one person. Here two clusters merge only when
 * the average probability over all scored pairs between them reaches the threshold, and never
 * across a human "non-match" decision.
 */

/** Scored candidate pairs. */
export interface ScoredPairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly probability: Float64Array;
}

/** Human decisions as record index pairs. */
export interface Constraints {
  readonly mustLink: ReadonlyArray<readonly [number, number]>;
  readonly cannotLink: ReadonlyArray<readonly [number, number]>;
}

/**
 * Indices of the pairs at or above the threshold, most probable first (ties by index). A typed
 * array: at a million records an array of every pair's index was hundreds of megabytes.
 */
function pairsAbove(probability: Float64Array, threshold: number): Int32Array {
  let n = 0;
  for (let p = 0; p < probability.length; p++) if (probability[p]! >= threshold) n++;
  const order = new Int32Array(n);
  n = 0;
  for (let p = 0; p < probability.length; p++) if (probability[p]! >= threshold) order[n++] = p;
  return order.sort((x, y) => probability[y]! - probability[x]! || x - y);
}

function adjacency(n: number, left: Int32Array, right: Int32Array): { start: Int32Array; nbr: Int32Array; edge: Int32Array } {
  const deg = new Int32Array(n + 1);
  for (let p = 0; p < left.length; p++) {
    deg[left[p]! + 1]!++;
    deg[right[p]! + 1]!++;
  }
  for (let i = 0; i < n; i++) deg[i + 1]! += deg[i]!;
  const fill = deg.slice(0, n);
  const nbr = new Int32Array(left.length * 2);
  const edge = new Int32Array(left.length * 2);
  for (let p = 0; p < left.length; p++) {
    const a = left[p]!;
    const b = right[p]!;
    nbr[fill[a]!] = b;
    edge[fill[a]!++] = p;
    nbr[fill[b]!] = a;
    edge[fill[b]!++] = p;
  }
  return { start: deg, nbr, edge };
}

/**
 * Average-linkage clustering over the pair graph; returns a cluster index per record (0-based,
 * numbered in order of each cluster's first record).
 */
export function clusterPairs(
  n: number,
  pairs: ScoredPairs,
  threshold: number,
  constraints?: Constraints,
  unscoredProbability = 0.3,
): Int32Array {
  const { start, nbr, edge } = adjacency(n, pairs.left, pairs.right);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const cannot = new Map<number, number[]>();
  for (const [a, b] of constraints?.cannotLink ?? []) {
    (cannot.get(a) ?? cannot.set(a, []).get(a)!).push(b);
    (cannot.get(b) ?? cannot.set(b, []).get(b)!).push(a);
  }
  const union = (ra: number, rb: number) => {
    const [big, small] = members[ra]!.length >= members[rb]!.length ? [ra, rb] : [rb, ra];
    parent[small] = big;
    for (const x of members[small]!) members[big]!.push(x);
    members[small] = [];
  };
  const forbidden = (ra: number, rb: number): boolean => {
    const [small, other] = members[ra]!.length <= members[rb]!.length ? [ra, rb] : [rb, ra];
    return members[small]!.some((x) => (cannot.get(x) ?? []).some((y) => find(y) === other));
  };
  for (const [a, b] of constraints?.mustLink ?? []) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb && !forbidden(ra, rb)) union(ra, rb);
  }
  const order = pairsAbove(pairs.probability, threshold);
  for (const p of order) {
    const ra = find(pairs.left[p]!);
    const rb = find(pairs.right[p]!);
    if (ra === rb) continue;
    const [small, other] = members[ra]!.length <= members[rb]!.length ? [ra, rb] : [rb, ra];
    let sum = 0;
    let count = 0;
    for (const x of members[small]!) {
      for (let k = start[x]!; k < start[x + 1]!; k++) {
        if (find(nbr[k]!) === other) {
          sum += pairs.probability[edge[k]!]!;
          count++;
        }
      }
    }
    // Pairs blocking never scored count at a neutral `unscoredProbability`: a chain of namesakes
    // whose members were never compared must not pass as one person.
    const unscored = members[small]!.length * members[other]!.length - count;
    const mean = (sum + unscored * unscoredProbability) / (count + unscored);
    if (count > 0 && mean >= threshold && !forbidden(ra, rb)) union(ra, rb);
  }
  const ids = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let id = seen.get(r);
    if (id === undefined) {
      id = seen.size;
      seen.set(r, id);
    }
    ids[i] = id;
  }
  return ids;
}

/**
 * One-to-one linkage of two lists: pairs are accepted in descending probability while neither
 * record is taken (a greedy assignment).
 */
export function assignOneToOne(n: number, pairs: ScoredPairs, threshold: number): Int32Array {
  const taken = new Uint8Array(n);
  const partner = new Int32Array(n).fill(-1);
  const order = pairsAbove(pairs.probability, threshold);
  for (const p of order) {
    const a = pairs.left[p]!;
    const b = pairs.right[p]!;
    if (taken[a] || taken[b]) continue;
    taken[a] = 1;
    taken[b] = 1;
    partner[a] = b;
    partner[b] = a;
  }
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = partner[i]! >= 0 && partner[i]! < i ? ids[partner[i]!]! : i;
  return ids;
}
