/**
 * Assembles the fictional demo collection: a pure function of its options (no clock, no
 * Math.random, no I/O), so the same seed always yields the same collection.
 */
import { addArchive } from "./archive.ts";
import { addArticles } from "./articles.ts";
import { addContested } from "./contested.ts";
import { addEvents, addWitnesses } from "./events.ts";
import { addDetentions, addFeaturedVictims } from "./featured.ts";
import { createGraph } from "./graph.ts";
import { addOrganizations, addPlaces, addSources } from "./institutions.ts";
import { buildLists } from "./lists.ts";
import { DEMO_NOTICE_TEXT } from "./notice.ts";
import { addOfficials } from "./officials.ts";
import { inventedSurnames, inventPeople } from "./people.ts";
import { createRng } from "./rng.ts";
import type { DemoCollection, DemoLang, DemoOptions } from "./types.ts";

/** The notice every page and export of the demo must show. */
export const DEMO_NOTICE: Readonly<Record<DemoLang, string>> = DEMO_NOTICE_TEXT;

/** Default seed: the Jalali year of the design case. */
export const DEFAULT_SEED = 1367;
/** Default number of true victims (documented or not). */
export const DEFAULT_VICTIMS = 2000;

/**
 * Generates the whole fictional demo collection.
 * @param options seed (default 1367) and number of true victims (default 2000)
 * @returns entities, claims, lists, truth, articles, tags and archive files, all marked fictional
 * @example
 * const demo = generateDemo({ seed: 7 });
 * demo.entities.length; // a few thousand
 */
export function generateDemo(options: DemoOptions = {}): DemoCollection {
  const seed = options.seed ?? DEFAULT_SEED;
  const built = buildLists(seed, options.victims ?? DEFAULT_VICTIMS);
  const g = createGraph();
  addPlaces(g);
  addOrganizations(g);
  addSources(g);
  const peopleRng = createRng(seed, "people");
  const surnames = inventedSurnames(peopleRng, 40 + 12 + 6);
  const officials = inventPeople(peopleRng, surnames, "o", 40, 0, 1930, 1960);
  const witnesses = inventPeople(peopleRng, surnames, "w", 12, 0.4, 1948, 1968);
  const authors = inventPeople(peopleRng, surnames, "a", 6, 0.5, 1960, 1995);
  const officialsIndex = addOfficials(g, createRng(seed, "officials"), officials);
  const testimonies = addWitnesses(g, createRng(seed, "witnesses"), witnesses);
  const featured = addFeaturedVictims(g, createRng(seed, "featured"), built);
  const events = addEvents(g, createRng(seed, "events"), featured, officialsIndex, witnesses, testimonies);
  addDetentions(g, featured, events.arrests);
  const contested = addContested(g, featured, built.truth);
  const archive = addArchive(g, built.truth);
  const { articles, tags } = addArticles(g, createRng(seed, "articles"), {
    authors,
    featured,
    officials: officialsIndex,
    events,
    contested,
    truth: built.truth,
  });
  return {
    seed,
    notice: { ...DEMO_NOTICE },
    entities: g.entities,
    claims: g.claims,
    lists: built.lists,
    truth: built.truth,
    articles,
    tags,
    archive,
    fictional: true,
  };
}
