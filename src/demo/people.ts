/**
 * Invented people who are not victims: officials, witnesses and authors. Their surnames are built
 * from word parts (`INVENTED_ROOTS` + `INVENTED_SUFFIXES`) so that they read as Persian names
 * while matching no well-known person.
 */
import { FEMALE_GIVEN, INVENTED_ROOTS, INVENTED_SUFFIXES, MALE_GIVEN, type NamePair } from "./names.ts";
import type { Rng } from "./rng.ts";

/** An invented non-victim person. */
export interface InventedPerson {
  key: string;
  given: NamePair;
  family: NamePair;
  gender: "male" | "female";
  /** Gregorian birth year. */
  born: number;
}

/** Draws distinct invented surnames; throws if asked for more than the parts can make. */
export function inventedSurnames(rng: Rng, count: number): NamePair[] {
  const all: NamePair[] = [];
  for (const r of INVENTED_ROOTS) {
    for (const s of INVENTED_SUFFIXES) {
      all.push({ fa: r.fa + s.fa, en: r.en + s.en });
    }
  }
  if (count > all.length) throw new Error(`only ${all.length} invented surnames available`);
  return rng.shuffle(all).slice(0, count);
}

/** Creates `count` invented people with keys `person:<prefix>NN`. */
export function inventPeople(
  rng: Rng,
  surnames: NamePair[],
  prefix: string,
  count: number,
  femaleShare: number,
  bornFrom: number,
  bornTo: number,
): InventedPerson[] {
  const out: InventedPerson[] = [];
  for (let i = 0; i < count; i++) {
    const female = rng.chance(femaleShare);
    const family = surnames.shift();
    if (!family) throw new Error("ran out of invented surnames");
    out.push({
      key: `person:${prefix}${String(i + 1).padStart(2, "0")}`,
      given: rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN),
      family,
      gender: female ? "female" : "male",
      born: rng.int(bornFrom, bornTo),
    });
  }
  return out;
}

/** The Latin display name of an invented person. */
export const latinName = (p: { given: NamePair; family: NamePair }): string => `${p.given.en} ${p.family.en}`;
/** The Persian display name of an invented person. */
export const persianName = (p: { given: NamePair; family: NamePair }): string =>
  `${p.given.fa} ${p.family.fa}`;

/** Lower-case ASCII slug of a Latin text. */
export function slugify(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
