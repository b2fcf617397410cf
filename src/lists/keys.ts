/**
 * Record keys and cluster names. A record is named by its list and its id in that list, which a
 * re-import keeps; a cluster (a linked person) is named by its smallest member key, so the same
 * grouping always gets the same name and merges, unmerges and reverts can be checked by name.
 */

/** A list record: the list entity's id and the row's `record_id`. */
export interface RecordKey {
  readonly list: string;
  readonly record: string;
}

/** The key as one string: list ids are UUIDs (no colon), so the first colon separates the parts. */
export function keyString(k: RecordKey): string {
  return `${k.list}:${k.record}`;
}

/** Parses `keyString` output; undefined when the text has no colon or an empty part. */
export function parseKeyString(text: string): RecordKey | undefined {
  const at = text.indexOf(":");
  if (at <= 0 || at === text.length - 1) return undefined;
  return { list: text.slice(0, at), record: text.slice(at + 1) };
}

/** Orders keys by list, then record, in code-unit order (the same on every database engine). */
export function compareKeys(a: RecordKey, b: RecordKey): number {
  if (a.list !== b.list) return a.list < b.list ? -1 : 1;
  if (a.record !== b.record) return a.record < b.record ? -1 : 1;
  return 0;
}

/** The pair in canonical order, so that one pair has one decision history. */
export function canonicalPair(a: RecordKey, b: RecordKey): readonly [RecordKey, RecordKey] {
  return compareKeys(a, b) <= 0 ? [a, b] : [b, a];
}

/** The name of the cluster made of these records: its smallest member key. */
export function clusterName(members: readonly RecordKey[]): string {
  let min: RecordKey | undefined;
  for (const m of members) if (!min || compareKeys(m, min) < 0) min = m;
  if (!min) throw new RangeError("a cluster has at least one member");
  return keyString(min);
}

/** The same key in a stable map-friendly form for a pair (canonical order). */
export function pairString(a: RecordKey, b: RecordKey): string {
  const [l, r] = canonicalPair(a, b);
  return `${keyString(l)}|${keyString(r)}`;
}
