/**
 * u among candidate pairs of relatives. Candidate non-matches include siblings, who share a
 * surname, a father, a city and often a death date far more than random pairs do. Pairs whose
 * surname agrees but whose given name disagrees outright are almost never matches, so their
 * agreement rates estimate u for that "family" context, where a shared father, city and death date
 * are no evidence at all. Outside it, u stays the random-pair estimate.
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
 * Estimates the family context's u from candidate pairs with the same surname and a different given
 * name (name comparisons keep their random-pair u). Returns the random-pair u unchanged and, when a
 * person field exists, the family context.
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
  for (const p of sample) {
    if (gammas[given]![p]! === 0 && gammas[surname]![p]! === top) familyPairs.push(p);
  }
  const keepNames = (u: number[][]) => u.map((row, k) => (prep.comparisons[k]!.isName ? random[k]! : row));
  const fam = tally(prep, gammas, familyPairs);
  // Outside the family context u stays the random-pair estimate: candidate pairs agree on whatever
  // blocking made them agree on, so their agreement rates say more about the rules than about people.
  // Too few sibling-like pairs to measure still leave a family context, with random-pair u: what
  // matters most there is that no term-frequency credit is given (see model.ts).
  return { u: random, family: { given, surname, u: fam ? keepNames(fam) : random } };
}
