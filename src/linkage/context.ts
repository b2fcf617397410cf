/**
 * u among candidate pairs. Candidate non-matches are relatives and namesakes, who share a surname,
 * a city and often a death date far more than random pairs do. Pairs whose given name or surname
 * disagrees outright are almost never matches, so their agreement rates estimate u where it
 * matters, separately for the "family" context (same surname, different given name: siblings, for
 * whom a shared father, city and death date are no evidence at all) and for the rest.
 */
import type { PreparedRecords } from "./comparison.ts";
import type { Gammas } from "./em.ts";

/** Which comparisons define the family context, and u of every comparison within it. */
export interface FamilyContext {
  readonly given: number;
  readonly surname: number;
  readonly u: readonly (readonly number[])[];
}

/** True when a pair's levels put it in the family context (surname same, given name not close). */
export function inFamily(ctx: FamilyContext, givenLevel: number, surnameLevel: number, surnameTop: number): boolean {
  return givenLevel >= 0 && givenLevel <= 1 && surnameLevel === surnameTop;
}

function tally(prep: PreparedRecords, gammas: Gammas, pairs: Iterable<number>): number[][] | undefined {
  const counts = prep.comparisons.map((c) => new Array<number>(c.levels.length).fill(1));
  let n = 0;
  for (const p of pairs) {
    n++;
    prep.comparisons.forEach((_, k) => {
      const l = gammas[k]![p]!;
      if (l >= 0) counts[k]![l]!++;
    });
  }
  if (n < 30) return undefined;
  return counts.map((c) => {
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((x) => x / total);
  });
}

/**
 * Re-estimates u for the non-name comparisons from candidate pairs with a disagreeing name; name
 * comparisons keep their random-pair u. Returns the general u and, when a person field exists and
 * enough sibling-like pairs are seen, the family context.
 */
export function candidateU(
  prep: PreparedRecords,
  gammas: Gammas,
  sample: Int32Array,
  random: number[][],
): { u: number[][]; family?: FamilyContext } {
  const given = prep.comparisons.findIndex((c) => c.isName && c.name.endsWith(".given"));
  const surname = prep.comparisons.findIndex((c) => c.isName && c.name.endsWith(".surname"));
  if (given < 0 || surname < 0) return { u: random };
  const top = prep.comparisons[surname]!.levels.length - 1;
  const familyPairs: number[] = [];
  const otherPairs: number[] = [];
  for (const p of sample) {
    const g = gammas[given]![p]!;
    const s = gammas[surname]![p]!;
    if (g === 0 && s === top) familyPairs.push(p);
    else if (g === 0 || s === 0) otherPairs.push(p);
  }
  const keepNames = (u: number[][]) => u.map((row, k) => (prep.comparisons[k]!.isName ? random[k]! : row));
  const other = tally(prep, gammas, otherPairs);
  const fam = tally(prep, gammas, familyPairs);
  const u = other ? keepNames(other) : random;
  return fam ? { u, family: { given, surname, u: keepNames(fam) } } : { u };
}
