/**
 * The vocabulary of victim lists that several capabilities share: the columns of an imported list
 * (the importer reads them, the demo writes them), the columns of a record as the linker compares it,
 * and the origin that ties each imported value to its list, record and column.
 */

/** The canonical columns of a victim list, in order: what `sabt import persons` reads. */
export const VICTIM_LIST_COLUMNS = [
  "record_id",
  "full_name",
  "first_name",
  "last_name",
  "father_name",
  "gender",
  "birth",
  "age",
  "death_date",
  "death_place",
  "city",
  "prison",
  "notes",
] as const;

/** One canonical column of a victim list. */
export type VictimListColumn = (typeof VICTIM_LIST_COLUMNS)[number];

/** The columns of a record as the linker reads it (the schema of the public benchmark `persian_synth_v0_dev`). */
export const LINKAGE_RECORD_COLUMNS = [
  "record_id", "source", "full_name", "first_name", "last_name", "father_name", "gender", "birth", "age",
  "death_date", "city", "prison",
] as const;

const PREFIX = "list:";

/** The origin of a value imported from one cell of a list: `list:<list id>:<record id>:<column>`. */
export function listOrigin(list: string, record: string, column: string): string {
  return `${listRowOrigin(list, record)}${column}`;
}

/** The common start of the origins of every value of one list row (`list:<list id>:<record id>:`). */
export function listRowOrigin(list: string, record: string): string {
  return `${PREFIX}${list}:${record}:`;
}

/**
 * Splits a list origin into its list, record and column; undefined for other origins. A record id
 * may hold colons (the list id and the column never do), so the record is what lies between the
 * first and the last colon.
 */
export function parseListOrigin(origin: string): { list: string; record: string; column: string } | undefined {
  if (!origin.startsWith(PREFIX)) return undefined;
  const rest = origin.slice(PREFIX.length);
  const first = rest.indexOf(":");
  const last = rest.lastIndexOf(":");
  if (first <= 0 || last <= first) return undefined;
  return { list: rest.slice(0, first), record: rest.slice(first + 1, last), column: rest.slice(last + 1) };
}
