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

/** Per-record combined key of each rule ("" when any part is missing). */
export function ruleKeys(table: BlockKeyTable, rules: readonly (readonly string[])[], size: number): string[][] {
  return rules.map((rule) => {
    const parts = rule.map((p) => {
      const { key, transform } = parsePart(p);
      const values = table.get(key);
      if (values === undefined) throw new Error(`unknown block key "${key}"`);
      return transform ? values.map((v) => (v === "" ? "" : transform(v))) : values;
    });
    const out: string[] = new Array<string>(size);
    for (let i = 0; i < size; i++) {
      let k = "";
      for (const values of parts) {
        const v = values[i]!;
        if (v === "") {
          k = "";
          break;
        }
        k += (k === "" ? "" : "\u0001") + v;
      }
      out[i] = k;
    }
    return out;
  });
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
 * Generates candidate pairs from OR-ed rules. With `crossSourceOnly`, pairs within one source are
 * skipped (linking two lists rather than deduplicating).
 */
export function blockPairs(
  keys: readonly string[][],
  sources: readonly string[],
  opts: { maxBlockSize: number; crossSourceOnly: boolean },
): CandidatePairs {
  const buf = new PairBuffer();
  const skipped: [number, number][] = [];
  keys.forEach((ruleKey, r) => {
    const blocks = new Map<string, number[]>();
    ruleKey.forEach((k, i) => {
      if (k === "") return;
      const b = blocks.get(k);
      if (b) b.push(i);
      else blocks.set(k, [i]);
    });
    for (const members of blocks.values()) {
      if (members.length < 2) continue;
      if (members.length > opts.maxBlockSize) {
        skipped.push([r, members.length]);
        continue;
      }
      for (let a = 0; a < members.length; a++) {
        const i = members[a]!;
        for (let b = a + 1; b < members.length; b++) {
          const j = members[b]!;
          if (opts.crossSourceOnly && sources[i] === sources[j]) continue;
          let seen = false;
          for (let e = 0; e < r && !seen; e++) {
            const ke = keys[e]![i]!;
            seen = ke !== "" && ke === keys[e]![j]!;
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

/** How many true pairs blocking keeps and loses on labelled data. */
export interface BlockingReport {
  readonly truePairs: number;
  readonly found: number;
  readonly lost: number;
  readonly recall: number;
  readonly candidatePairs: number;
}

/**
 * Measures blocking recall against known entities: every pair of records of one entity (across
 * sources only when `crossSourceOnly`) should be a candidate.
 */
export function blockingRecall(
  pairs: CandidatePairs,
  entityOf: readonly string[],
  sources: readonly string[],
  crossSourceOnly: boolean,
): BlockingReport {
  const byEntity = new Map<string, number[]>();
  entityOf.forEach((e, i) => {
    const list = byEntity.get(e);
    if (list) list.push(i);
    else byEntity.set(e, [i]);
  });
  let truePairs = 0;
  for (const members of byEntity.values()) {
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        if (!crossSourceOnly || sources[members[a]!] !== sources[members[b]!]) truePairs++;
      }
    }
  }
  let found = 0;
  for (let p = 0; p < pairs.count; p++) {
    if (entityOf[pairs.left[p]!] === entityOf[pairs.right[p]!]) found++;
  }
  return { truePairs, found, lost: truePairs - found, recall: truePairs === 0 ? 1 : found / truePairs, candidatePairs: pairs.count };
}
