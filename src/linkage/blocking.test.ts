import { describe, expect, it } from "vitest";
import { blockPairsByIds, ruleKeyIds } from "./blocking.ts";

const table = new Map<string, string[]>([
  ["surname", ["mhmdi", "mhmdi", "mhmdi", "zrbfi", "zrbfi", "", "mhmdi"]],
  ["year", ["1988", "1988", "1981", "1988", "1990", "1988", "1988"]],
]);
const sources = ["a", "b", "a", "b", "a", "b", "a"];
const pairsOf = (c: { left: Int32Array; right: Int32Array }) => Array.from(c.left, (l, p) => `${l}-${c.right[p]}`).sort();

/**
 * The oracle, by brute force: every pair whose records agree on all parts of some rule, none of
 * them empty (rules as plain functions of a record: its surname and year, its surname's first letter).
 */
function naivePairs(rules: readonly ((i: number) => string[])[], size: number): string[] {
  const out = new Set<string>();
  const key = (rule: (i: number) => string[], i: number) => (rule(i).some((p) => p === "") ? "" : rule(i).join("\u0001"));
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) if (rules.some((r) => key(r, i) !== "" && key(r, i) === key(r, j))) out.add(`${i}-${j}`);
  }
  return [...out].sort();
}

describe("blocking", () => {
  it("finds pairs agreeing on every key of any rule, each once", () => {
    const rules = [["surname", "year"], ["surname:first1"]];
    const ids = ruleKeyIds(table, rules, 7);
    const c = blockPairsByIds(ids, sources, { maxBlockSize: 100, crossSourceOnly: false });
    expect(pairsOf(c)).toEqual(["0-1", "0-2", "0-6", "1-2", "1-6", "2-6", "3-4"]);
    const surname = table.get("surname")!;
    const year = table.get("year")!;
    expect(naivePairs([(i) => [surname[i]!, year[i]!], (i) => [surname[i]!.slice(0, 1)]], 7)).toEqual(pairsOf(c));
  });

  it("applies each rule's own block size limit and reports the blocks it skips", () => {
    // The surname rule alone may only join rare surnames (blocks of at most 2).
    const ids = ruleKeyIds(table, [["surname", "year"], ["surname"]], 7);
    const c = blockPairsByIds(ids, sources, { maxBlockSize: [100, 2], crossSourceOnly: false });
    expect(pairsOf(c)).toEqual(["0-1", "0-6", "1-6", "3-4"]);
    expect(c.skippedBlocks).toEqual([[1, 4]]);
  });

  it("keeps only pairs across sources when linking two lists", () => {
    const ids = ruleKeyIds(table, [["surname"]], 7);
    const c = blockPairsByIds(ids, sources, { maxBlockSize: 100, crossSourceOnly: true });
    expect(pairsOf(c)).toEqual(["0-1", "1-2", "1-6", "3-4"]);
  });
});
