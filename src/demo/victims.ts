/**
 * The true (fictional) victim population and who reports whom. Coverage follows a two-class
 * latent model (a "well-known" class more likely on every list), which gives the lists the
 * heterogeneity that makes capture-recapture estimation both meaningful and non-trivial.
 */
import { addDays } from "./dates.ts";
import { FEMALE_GIVEN, MALE_GIVEN, SURNAMES, type NamePair } from "./names.ts";
import { CITIES, PRISONS_BY_CITY } from "./places.ts";
import type { Rng } from "./rng.ts";
import type { DemoListId } from "./types.ts";

/** The four lists, in the order capture histories are written. */
export const LIST_IDS: readonly DemoListId[] = ["fa1", "fa2", "en1", "en2"];

/** Share of victims in the "well-known" class. */
export const WELL_KNOWN_SHARE = 0.3;

/** Probability that each list reports a victim of each class (independent given the class). */
export const INCLUSION: Readonly<Record<"wellKnown" | "other", Readonly<Record<DemoListId, number>>>> = {
  wellKnown: { fa1: 0.7, fa2: 0.6, en1: 0.65, en2: 0.55 },
  other: { fa1: 0.4, fa2: 0.3, en1: 0.35, en2: 0.3 },
};

/** Share of victims generated as a sibling of an earlier victim (same surname, father, city). */
export const SIBLING_SHARE = 0.06;
/** Share of victims generated as a namesake of an earlier victim (same given and family name). */
export const NAMESAKE_SHARE = 0.03;

/** One true victim, as only the generator knows them. */
export interface Victim {
  index: number;
  /** The truth key, `person:v000001`. */
  key: string;
  gender: "male" | "female";
  given: NamePair;
  family: NamePair;
  father: NamePair;
  /** City id (home town). */
  city: string;
  /** Prison id where they were held and executed. */
  prison: string;
  /** Gregorian ISO birth day. */
  birth: string;
  /** Gregorian ISO death day. */
  death: string;
  wellKnown: boolean;
  /** Lists that report this victim (a list may report someone twice; see `duplicates`). */
  lists: DemoListId[];
  /** A hard case for linkage: sibling or namesake of an earlier victim. */
  related?: { kind: "sibling" | "namesake"; of: number };
}

const CITY_WEIGHTS = CITIES.map((c) => [c.id, c.weight ?? 1] as const);
// The killings ran from late Tir to the end of Shahrivar 1367; a few lists date deaths later
// because families were told months afterwards.
const FIRST_DAY = "1988-07-19";

/** Formats the truth key of victim `index` (zero-based). */
export function victimKey(index: number): string {
  return `person:v${String(index + 1).padStart(6, "0")}`;
}

function randomBirth(rng: Rng): string {
  return addDays("1945-01-01", rng.int(0, 365 * 24));
}

// A sibling is born one to seven years apart, but never so late as to be a child in 1988.
function siblingBirth(base: string, rng: Rng): string {
  const shift = rng.int(400, 2500);
  const later = addDays(base, shift);
  return rng.chance(0.5) && later <= "1970-06-30" ? later : addDays(base, -shift);
}

function randomDeath(rng: Rng): string {
  return rng.chance(0.95) ? addDays(FIRST_DAY, rng.int(0, 64)) : addDays(FIRST_DAY, rng.int(65, 150));
}

function prisonFor(city: string, rng: Rng): string {
  return rng.pick(PRISONS_BY_CITY[city] ?? ["evin"]);
}

/** Draws `count` fictional victims with their list memberships. */
export function drawVictims(rng: Rng, count: number): Victim[] {
  const victims: Victim[] = [];
  for (let index = 0; index < count; index++) {
    const gender = rng.chance(0.88) ? "male" : "female";
    const givenTable = gender === "male" ? MALE_GIVEN : FEMALE_GIVEN;
    const base =
      victims.length > 10 && rng.chance(SIBLING_SHARE + NAMESAKE_SHARE) ? rng.pick(victims) : undefined;
    let v: Victim;
    if (base && rng.chance(SIBLING_SHARE / (SIBLING_SHARE + NAMESAKE_SHARE))) {
      let given = rng.pick(givenTable);
      while (given.fa === base.given.fa) given = rng.pick(givenTable);
      v = {
        ...base,
        index,
        key: victimKey(index),
        gender,
        given,
        birth: siblingBirth(base.birth, rng),
        death: rng.chance(0.5) ? base.death : randomDeath(rng),
        related: { kind: "sibling", of: base.index },
        lists: [],
        wellKnown: false,
      };
    } else if (base) {
      const city = rng.weighted(CITY_WEIGHTS);
      let father = rng.pick(MALE_GIVEN);
      while (father.fa === base.father.fa) father = rng.pick(MALE_GIVEN);
      v = {
        ...base,
        index,
        key: victimKey(index),
        father,
        city,
        prison: prisonFor(city, rng),
        birth: randomBirth(rng),
        death: randomDeath(rng),
        related: { kind: "namesake", of: base.index },
        lists: [],
        wellKnown: false,
      };
    } else {
      const city = rng.weighted(CITY_WEIGHTS);
      v = {
        index,
        key: victimKey(index),
        gender,
        given: rng.pick(givenTable),
        family: rng.pick(SURNAMES),
        father: rng.pick(MALE_GIVEN),
        city,
        prison: prisonFor(city, rng),
        birth: randomBirth(rng),
        death: randomDeath(rng),
        wellKnown: false,
        lists: [],
      };
    }
    v.wellKnown = rng.chance(WELL_KNOWN_SHARE);
    const p = v.wellKnown ? INCLUSION.wellKnown : INCLUSION.other;
    v.lists = LIST_IDS.filter((id) => rng.chance(p[id]));
    victims.push(v);
  }
  return victims;
}
