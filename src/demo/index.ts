/**
 * The fictional demo collection: a seeded, pure generator of invented victims, lists, officials,
 * events, articles and archive files on real places and calendars.
 */
export type * from "./types.ts";
export { CANONICAL_HEADERS } from "./types.ts";
export { generateDemo, DEMO_NOTICE, DEFAULT_SEED, DEFAULT_VICTIMS } from "./generate.ts";
export { generateListRecords } from "./lists.ts";
export { demoListCsv } from "./csv.ts";
export { INCLUSION, LIST_IDS, WELL_KNOWN_SHARE } from "./victims.ts";
export { tollFigures } from "./contested.ts";
