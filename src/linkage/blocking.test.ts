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

  it("numbers the keys of multi-part rules by first occurrence, as interning each record's parts in turn would", () => {
    // A larger table with collisions, missing parts and a transform: the typed-array combination
    // must give exactly the ids of the plain Map-based interning (candidate pair order depends on them).
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const size = 3000;
    const pick = (values: readonly string[]) => Array.from({ length: size }, () => values[Math.floor(next() * values.length)]!);
    const big = new Map<string, string[]>([
      ["surname", pick(["mhmdi", "mhmdp", "zrbfi", "krmi", "", "ahmdi"])],
      ["year", pick(["1988", "1981", "1990", "", "2005"])],
      ["city", pick(["thran", "tbriz", "shiraz", "", "rasht", "mshhd", "qm"])],
    ]);
    const rules = [["surname", "year", "city"], ["city", "surname:first2"], ["year"]];
    const reference = rules.map((rule) => {
      const index = new Map<string, number>();
      return Int32Array.from({ length: size }, (_, i) => {
        const parts = rule.map((part) => {
          const [key, t] = part.split(":") as [string, string | undefined];
          const v = big.get(key)![i]!;
          return t === undefined || v === "" ? v : v.slice(0, Number(t.slice(5)));
        });
        if (parts.some((p) => p === "")) return -1;
        const k = parts.join("\u0001");
        if (!index.has(k)) index.set(k, index.size);
        return index.get(k)!;
      });
    });
    expect(ruleKeyIds(big, rules, size)).toEqual(reference);
  });
});
