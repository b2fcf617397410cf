import { describe, expect, it } from "vitest";
import { assignOneToOne, clusterPairs } from "./cluster.ts";

const pairs = (edges: [number, number, number][]) => ({
  left: Int32Array.from(edges.map((e) => e[0])),
  right: Int32Array.from(edges.map((e) => e[1])),
  probability: Float64Array.from(edges.map((e) => e[2])),
});
const together = (ids: Int32Array, a: number, b: number) => ids[a] === ids[b];

describe("clusterPairs", () => {
  it("does not chain two sisters through one ambiguous record", () => {
    // 0 and 1 are sisters (scored apart), 2 resembles both.
    const ids = clusterPairs(3, pairs([[0, 2, 0.9], [1, 2, 0.85], [0, 1, 0.01]]), 0.5);
    expect(together(ids, 0, 2)).toBe(true);
    expect(together(ids, 1, 2)).toBe(false);
  });

  it("merges a person's records when the pairs agree", () => {
    const ids = clusterPairs(4, pairs([[0, 1, 0.99], [1, 2, 0.97], [0, 2, 0.9], [2, 3, 0.1]]), 0.5);
    expect([together(ids, 0, 1), together(ids, 0, 2), together(ids, 2, 3)]).toEqual([true, true, false]);
  });

  it.each([
    ["must-link joins a low-scored pair", { mustLink: [[0, 1] as const], cannotLink: [] }, true],
    ["cannot-link splits a high-scored pair", { mustLink: [], cannotLink: [[0, 1] as const] }, false],
  ])("%s", (_, constraints, expected) => {
    const p = expected ? 0.05 : 0.99;
    const ids = clusterPairs(2, pairs([[0, 1, p]]), 0.5, constraints);
    expect(together(ids, 0, 1)).toBe(expected);
  });
});

describe("assignOneToOne", () => {
  it("gives each record at most one partner, best pairs first", () => {
    const ids = assignOneToOne(4, pairs([[0, 2, 0.9], [0, 3, 0.95], [1, 3, 0.8], [1, 2, 0.7]]), 0.5);
    expect(together(ids, 0, 3)).toBe(true);
    expect(together(ids, 1, 2)).toBe(true);
    expect(together(ids, 0, 2)).toBe(false);
  });
});
