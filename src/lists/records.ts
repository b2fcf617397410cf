/**
 * From stored list rows to the linker's record schema (the columns of `persian_synth_v0_dev`).
 * Each imported value is a claim whose `origin` is `list:<list id>:<record id>:<column>`, so the
 * row can be rebuilt from the claims even after people edited other claims of the person.
 */
import { LINKAGE_RECORD_COLUMNS, parseListOrigin } from "../shared/victim-list.ts";
import { keyString, type RecordKey } from "./keys.ts";

/** The claim columns the rebuild needs. */
export interface ListValueRow {
  readonly origin: string;
  readonly value_text: string;
  readonly num_value: string | null;
}

/** The list columns the linker compares; any other column of a list is ignored here. */
export const LINKED_COLUMNS: ReadonlySet<string> = new Set(LINKAGE_RECORD_COLUMNS.filter((c) => c !== "record_id" && c !== "source"));


/** The value of one cell as the linker reads it (an age by its number, anything else by its text). */
function cellText(column: string, row: ListValueRow): string {
  if (column === "age") return row.num_value === null ? row.value_text.replace(/\D+/g, "") : String(Number(row.num_value));
  return row.value_text;
}

/**
 * Builds one linker record per key, in the order given: `record_id` is the key string, `source`
 * the list id, and each linked column its value ("" when the list has none).
 */
export function toLinkageRecords(keys: readonly RecordKey[], values: readonly ListValueRow[]): Record<string, string>[] {
  const byKey = new Map<string, Record<string, string>>();
  const records = keys.map((k) => {
    const rec: Record<string, string> = Object.fromEntries(LINKAGE_RECORD_COLUMNS.map((c) => [c, ""]));
    rec.record_id = keyString(k);
    rec.source = k.list;
    byKey.set(rec.record_id, rec);
    return rec;
  });
  for (const v of values) {
    const o = parseListOrigin(v.origin);
    if (!o || !LINKED_COLUMNS.has(o.column)) continue;
    const rec = byKey.get(keyString(o));
    if (rec) rec[o.column] = cellText(o.column, v);
  }
  return records;
}
