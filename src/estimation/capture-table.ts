/**
 * Capture histories as a pattern/count table: which lists recorded each person, aggregated to
 * one count per distinct non-empty pattern. Every estimator in this folder takes this shape.
 */
import { SabtError } from "../shared/errors.ts";

/** One observed capture pattern: bit j of `pattern` is set when list j recorded the person. */
export interface CaptureCell {
  readonly pattern: number;
  readonly count: number;
}

/** A validated, frozen capture-history table over two or more lists. */
export interface CaptureTable {
  /** List names, in column order; bit j of a pattern refers to lists[j]. */
  readonly lists: readonly string[];
  /** Distinct non-empty patterns with positive counts, sorted by pattern. */
  readonly cells: readonly CaptureCell[];
  /** People recorded by at least one list. */
  readonly observed: number;
}

/** Most lists a table may have: patterns are 32-bit masks and log-linear fits use 2^J cells. */
export const MAX_LISTS = 20;

const invalid = (message: string) => new SabtError("validation_failed", message);

/**
 * Builds a table from rows of 0/1 flags and a count, summing repeated patterns; row numbers in
 * errors are 1-based data rows (the header is not counted).
 * @throws SabtError validation_failed naming the row and column of the first problem.
 * @example buildCaptureTable(["A", "B"], [{ flags: [1, 0], count: 30 }, { flags: [1, 1], count: 5 }])
 */
export function buildCaptureTable(
  lists: readonly string[],
  rows: readonly { readonly flags: readonly number[]; readonly count: number }[],
): CaptureTable {
  if (lists.length < 2) {
    throw invalid(`capture table: need at least 2 lists to estimate, got ${lists.length}`);
  }
  if (lists.length > MAX_LISTS) {
    throw invalid(`capture table: at most ${MAX_LISTS} lists, got ${lists.length}`);
  }
  const seen = new Set<string>();
  for (const name of lists) {
    if (name.trim() === "") throw invalid("capture table: a list column has an empty name");
    if (seen.has(name)) throw invalid(`capture table: list column "${name}" appears twice`);
    seen.add(name);
  }
  const counts = new Map<number, number>();
  rows.forEach((row, r) => {
    const where = `row ${r + 1}`;
    if (row.flags.length !== lists.length) {
      throw invalid(`${where}: expected ${lists.length} list flags, got ${row.flags.length}`);
    }
    let pattern = 0;
    row.flags.forEach((f, j) => {
      if (f !== 0 && f !== 1) throw invalid(`${where}, column "${lists[j]}": flag must be 0 or 1, got ${f}`);
      if (f === 1) pattern |= 1 << j;
    });
    if (!Number.isInteger(row.count) || row.count < 0) {
      throw invalid(`${where}, column "count": count must be a non-negative integer, got ${row.count}`);
    }
    if (pattern === 0) {
      throw invalid(
        `${where}: the all-zero pattern (people on no list) must be absent; estimating it is the point`,
      );
    }
    counts.set(pattern, (counts.get(pattern) ?? 0) + row.count);
  });
  return freezeTable(lists, counts);
}

/**
 * Builds a table from linked people, each given as the set of list names that recorded them
 * (the output of record linkage); lists named by nobody can be declared through `lists`.
 * @throws SabtError validation_failed when a person is on no list or names an unknown list.
 */
export function captureTableFromMemberships(
  lists: readonly string[],
  people: Iterable<Iterable<string>>,
): CaptureTable {
  const index = new Map(lists.map((name, j) => [name, j] as const));
  const counts = new Map<number, number>();
  let i = 0;
  for (const person of people) {
    i++;
    let pattern = 0;
    for (const name of person) {
      const j = index.get(name);
      if (j === undefined) throw invalid(`person ${i}: unknown list "${name}"`);
      pattern |= 1 << j;
    }
    if (pattern === 0) throw invalid(`person ${i}: is on no list`);
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  if (lists.length < 2) {
    throw invalid(`capture table: need at least 2 lists to estimate, got ${lists.length}`);
  }
  return freezeTable(lists, counts);
}

function freezeTable(lists: readonly string[], counts: Map<number, number>): CaptureTable {
  const cells = [...counts]
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([pattern, count]) => Object.freeze({ pattern, count }));
  const observed = cells.reduce((s, c) => s + c.count, 0);
  if (observed === 0) {
    throw invalid("capture table: no one was observed (the table is empty or all counts are 0)");
  }
  return Object.freeze({ lists: Object.freeze([...lists]), cells: Object.freeze(cells), observed });
}

/** The number of lists that recorded a pattern (its population count). */
export function listsInPattern(pattern: number): number {
  let p = pattern;
  let c = 0;
  while (p !== 0) {
    p &= p - 1;
    c++;
  }
  return c;
}

/** Counts for all 2^J - 1 non-empty patterns, indexed by pattern (index 0 is unused and 0). */
export function denseCounts(table: CaptureTable): Float64Array {
  const y = new Float64Array(1 << table.lists.length);
  for (const c of table.cells) y[c.pattern] = c.count;
  return y;
}
