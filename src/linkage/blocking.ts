/**
 * Blocking: candidate pairs are those agreeing on every key of at least one rule (rules are
 * OR-ed). A pair is emitted once, by the first rule that finds it, by checking earlier rules'
 * keys instead of keeping a set of all pairs.
 */
import type { BlockKeyTable } from "./comparison.ts";

/** Candidate pairs as parallel arrays (left < right). */
export interface CandidatePairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly count: number;
  /** Index of the first rule that produced each pair. */
  readonly rule: Uint8Array;
  /** Blocks skipped for exceeding the size limit: [rule, size]. */
  readonly skippedBlocks: ReadonlyArray<readonly [number, number]>;
}

/** Splits a rule part "person.surname:first3" into its key name and transform. */
function parsePart(part: string): { key: string; transform?: (v: string) => string } {
  const [key, t] = part.split(":") as [string, string | undefined];
  if (t === undefined) return { key };
  const m = /^(first|last)(\d+)$/.exec(t);
  if (!m) throw new Error(`unknown block key transform "${t}" in "${part}"`);
  const n = Number(m[2]);
  return { key, transform: m[1] === "first" ? (v) => v.slice(0, n) : (v) => v.slice(-n) };
}

/** Interns strings to dense integer ids; "" becomes -1 (missing). */
function internStrings(values: readonly string[], size: number): Int32Array {
  return internWithValues(values, size).ids;
}

/**
 * Per-record integer key of each rule (-1 when any part is missing): two records share a rule's id
 * exactly when they agree on all its parts. Integers make blocking and the "found by an earlier
 * rule" check cheap at scale, where string keys cost seconds.
 */
export function ruleKeyIds(table: BlockKeyTable, rules: readonly (readonly string[])[], size: number): Int32Array[] {
  const baseIds = new Map<string, { ids: Int32Array; values: string[] }>();
  const partIds = new Map<string, Int32Array>();
  const baseOf = (key: string) => {
    let b = baseIds.get(key);
    if (b === undefined) {
      const values = table.get(key);
      if (values === undefined) throw new Error(`unknown block key "${key}"`);
      const { ids, distinct } = internWithValues(values, size);
      b = { ids, values: distinct };
      baseIds.set(key, b);
    }
    return b;
  };
  const idsOf = (part: string): Int32Array => {
    let ids = partIds.get(part);
    if (ids === undefined) {
      const { key, transform } = parsePart(part);
      const base = baseOf(key);
      if (transform === undefined) ids = base.ids;
      else {
        // Transform each distinct value once, then map record ids through the result.
        const mapped = internStrings(base.values.map(transform), base.values.length);
        ids = Int32Array.from(base.ids, (id) => (id < 0 ? -1 : mapped[id]!));
      }
      partIds.set(part, ids);
    }
    return ids;
  };
  const scratch = { seen: new Int32Array(size), id: new Int32Array(size) };
  return rules.map((rule) => {
    let out = idsOf(rule[0]!);
    for (const part of rule.slice(1)) out = combineIds(out, idsOf(part), size, scratch);
    return out;
  });
}

/**
 * The dense id of each record's pair of ids (a, b), -1 when either is missing, numbered in order of
 * first occurrence. Typed arrays only: a Map keyed by a * size + b (beyond small integers at a
 * million records) cost most of blocking's time and memory at that size.
 */
function combineIds(a: Int32Array, b: Int32Array, size: number, scratch: { seen: Int32Array; id: Int32Array }): Int32Array {
  // Records grouped by a (a counting sort, stable); within a group, b's first sighting gets an id.
  const start = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) if (a[i]! >= 0 && b[i]! >= 0) start[a[i]! + 1]!++;
  for (let k = 0; k < size; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, size);
  const order = new Int32Array(start[size]!);
  for (let i = 0; i < size; i++) if (a[i]! >= 0 && b[i]! >= 0) order[fill[a[i]!]!++] = i;
  const { seen, id } = scratch;
  seen.fill(-1);
  const provisional = new Int32Array(size).fill(-1);
  let next = 0;
  for (let k = 0; k < size; k++) {
    for (let o = start[k]!; o < start[k + 1]!; o++) {
      const i = order[o]!;
      const v = b[i]!;
      if (seen[v] !== k) {
        seen[v] = k;
        id[v] = next++;
      }
      provisional[i] = id[v]!;
    }
  }
  // Renumbered in record order, so that ids (and with them the order of candidate pairs) are
  // those of interning each record's pair in turn.
  const final = new Int32Array(next).fill(-1);
  let n = 0;
  for (let i = 0; i < size; i++) {
    const p = provisional[i]!;
    if (p < 0) continue;
    if (final[p]! < 0) final[p] = n++;
    provisional[i] = final[p]!;
  }
  return provisional;
}

/** Interns strings to dense integer ids ("" becomes -1, missing) and returns the distinct values by id. */
function internWithValues(values: readonly string[], size: number): { ids: Int32Array; distinct: string[] } {
  const ids = new Int32Array(size);
  const index = new Map<string, number>();
  const distinct: string[] = [];
  for (let i = 0; i < size; i++) {
    const v = values[i]!;
    if (v === "") {
      ids[i] = -1;
      continue;
    }
    let id = index.get(v);
    if (id === undefined) {
      id = distinct.length;
      index.set(v, id);
      distinct.push(v);
    }
    ids[i] = id;
  }
  return { ids, distinct };
}

class PairBuffer {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  rule = new Uint8Array(1024);
  count = 0;
  push(i: number, j: number, r: number): void {
    if (this.count === this.left.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.left = grow(this.left, (n) => new Int32Array(n));
      this.right = grow(this.right, (n) => new Int32Array(n));
      this.rule = grow(this.rule, (n) => new Uint8Array(n));
    }
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.rule[this.count] = r;
    this.count++;
  }
}

/**
 * Generates candidate pairs from OR-ed rules given as integer keys (see `ruleKeyIds`). A block
 * larger than its rule's limit is skipped and reported. With `crossSourceOnly`, pairs within one
 * source are skipped (linking two lists rather than deduplicating).
 */
export function blockPairsByIds(
  keys: readonly Int32Array[],
  sources: readonly string[],
  opts: { maxBlockSize: number | readonly number[]; crossSourceOnly: boolean },
): CandidatePairs {
  const size = sources.length;
  const source = internStrings(sources, size);
  const buf = new PairBuffer();
  const skipped: [number, number][] = [];
  const start = new Int32Array(size + 1);
  const order = new Int32Array(size);
  // Each record's keys side by side: the "found by an earlier rule" check of a pair then reads two
  // short rows instead of two scattered entries per earlier rule (cache misses at a million records).
  const rules = keys.length;
  const packed = new Int32Array(size * rules);
  keys.forEach((ruleKey, r) => {
    for (let i = 0; i < size; i++) packed[i * rules + r] = ruleKey[i]!;
  });
  keys.forEach((ruleKey, r) => {
    const cap = typeof opts.maxBlockSize === "number" ? opts.maxBlockSize : (opts.maxBlockSize[r] ?? Infinity);
    // Counting sort of the records by key: blocks become contiguous runs without a Map of arrays.
    start.fill(0);
    for (let i = 0; i < size; i++) if (ruleKey[i]! >= 0) start[ruleKey[i]! + 1]!++;
    for (let k = 0; k < size; k++) start[k + 1]! += start[k]!;
    const fill = start.slice(0, size);
    for (let i = 0; i < size; i++) if (ruleKey[i]! >= 0) order[fill[ruleKey[i]!]!++] = i;
    for (let k = 0; k < size; k++) {
      const lo = start[k]!;
      const hi = start[k + 1]!;
      const n = hi - lo;
      if (n < 2) continue;
      if (n > cap) {
        skipped.push([r, n]);
        continue;
      }
      for (let a = lo; a < hi; a++) {
        const i = order[a]!;
        const rowI = i * rules;
        for (let b = a + 1; b < hi; b++) {
          const j = order[b]!;
          if (opts.crossSourceOnly && source[i] === source[j]) continue;
          const rowJ = j * rules;
          let seen = false;
          for (let e = 0; e < r && !seen; e++) {
            const ke = packed[rowI + e]!;
            seen = ke >= 0 && ke === packed[rowJ + e]!;
          }
          if (!seen) buf.push(Math.min(i, j), Math.max(i, j), r);
        }
      }
    }
  });
  return {
    left: buf.left.subarray(0, buf.count),
    right: buf.right.subarray(0, buf.count),
    rule: buf.rule.subarray(0, buf.count),
    count: buf.count,
    skippedBlocks: skipped,
  };
}
