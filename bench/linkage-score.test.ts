import { describe, expect, it } from "vitest";
import { clusterScores } from "./linkage-score.ts";

/** The definitions, by brute force over every pair and every record. */
function naive(entity: readonly string[], cluster: readonly string[]) {
  let tp = 0;
  let predicted = 0;
  let actual = 0;
  for (let i = 0; i < entity.length; i++) {
    for (let j = i + 1; j < entity.length; j++) {
      const sameE = entity[i] === entity[j];
      const sameC = cluster[i] === cluster[j];
      if (sameE && sameC) tp++;
      if (sameC) predicted++;
      if (sameE) actual++;
    }
  }
  let b3p = 0;
  let b3r = 0;
  for (let i = 0; i < entity.length; i++) {
    let both = 0;
    let inC = 0;
    let inE = 0;
    for (let j = 0; j < entity.length; j++) {
      if (cluster[i] === cluster[j]) inC++;
      if (entity[i] === entity[j]) inE++;
      if (cluster[i] === cluster[j] && entity[i] === entity[j]) both++;
    }
    b3p += both / inC;
    b3r += both / inE;
  }
  return { pp: tp / predicted, pr: tp / actual, b3p: b3p / entity.length, b3r: b3r / entity.length };
}

describe("clusterScores", () => {
  it("gives 1 for a perfect clustering and counts a wrong merge against precision only", () => {
    expect(clusterScores(["a", "a", "b"], ["x", "x", "y"]).pairwise.f1).toBe(1);
    const merged = clusterScores(["a", "a", "b"], ["x", "x", "x"]);
    expect(merged.pairwise.recall).toBe(1);
    expect(merged.pairwise.precision).toBeCloseTo(1 / 3, 12);
  });

  it("agrees with the definitions on a random clustering (pairwise and B-cubed)", () => {
    let seed = 3;
    const next = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
    const entity = Array.from({ length: 400 }, () => `e${Math.floor(next() * 120)}`);
    const cluster = entity.map((e) => (next() < 0.2 ? `c${Math.floor(next() * 150)}` : `k${e}`));
    const s = clusterScores(entity, cluster);
    const n = naive(entity, cluster);
    expect(s.pairwise.precision).toBeCloseTo(n.pp, 12);
    expect(s.pairwise.recall).toBeCloseTo(n.pr, 12);
    expect(s.bcubed.precision).toBeCloseTo(n.b3p, 12);
    expect(s.bcubed.recall).toBeCloseTo(n.b3r, 12);
  });
});
