import { newClaimRow } from "../claims/index.ts";
import type { NewClaimRow } from "../db/index.ts";
import { resolveValue } from "../claims/index.ts";
import { listOrigin } from "../shared/victim-list.ts";
import type { PersonRow, RowValue } from "./persons.csv.ts";

let lastMs = 0;
let seq = 0;
let prefix = "";

/**
 * A UUID version 7 (RFC 9562): a millisecond timestamp, then a per-process counter, then the 62
 * random bits of a version 4 UUID. Imports create hundreds of thousands of people and claims;
 * ids that grow with time land at the right edge of the primary-key and entity indexes instead
 * of on random pages, which keeps those index inserts cheap once the indexes outgrow memory.
 */
export function timeOrderedId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else if (++seq > 0xfff) {
    lastMs++; // borrow the next millisecond rather than lose the order
    seq = 0;
  }
  if (seq === 0) {
    const ts = lastMs.toString(16).padStart(12, "0");
    prefix = `${ts.slice(0, 8)}-${ts.slice(8)}-7`;
  }
  // crypto.randomUUID()'s last 22 characters: the variant and 62 random bits.
  return `${prefix}${seq.toString(16).padStart(3, "0")}${crypto.randomUUID().slice(18)}`;
}

/** The columns of a claim row that follow from its value alone. */
type ValueColumns = Pick<
  NewClaimRow,
  "value_type" | "value" | "value_text" | "search_key" | "ref_id" | "date_earliest" | "date_latest" | "num_value"
>;

function valueKey(v: RowValue["value"]): string {
  switch (v.type) {
    case "name":
      return `n\u0000${v.kind ?? ""}\u0000${v.text}`;
    case "number":
      return `#\u0000${v.amount}\u0000${v.unit ?? ""}`;
    case "date":
      return `d\u0000${v.calendar ?? ""}\u0000${v.text}`;
    case "text":
      return `t\u0000${v.text}`;
    // A list's CSV makes only the kinds above; any other is keyed by all of its fields.
    case "boolean":
    case "entity":
    case "geo":
    case "url":
      return `j\u0000${JSON.stringify(v)}`;
  }
}

/**
 * Builds the claim rows of imported values for one batch. A list repeats the same dates, places,
 * genders and given names thousands of times, so each distinct value is resolved and serialized
 * once and its columns shared by every claim that holds it; each row's citation is serialized
 * once for all its values. The rows are exactly what `newClaimRow` makes.
 */
export function createClaimRowBuilder(listId: string, author: string, at: Date) {
  const values = new Map<string, ValueColumns>();
  const columnsOf = (v: RowValue): ValueColumns => {
    const key = valueKey(v.value);
    let cols = values.get(key);
    if (!cols) {
      const r = newClaimRow(
        { entityId: "", property: v.property, sources: [], editorial: false, confidence: "medium", visibility: v.visibility, status: "asserted" },
        resolveValue(v.value),
        author,
        { id: "", at },
      );
      cols = {
        value_type: r.value_type,
        value: r.value,
        value_text: r.value_text,
        search_key: r.search_key,
        ref_id: r.ref_id,
        date_earliest: r.date_earliest,
        date_latest: r.date_latest,
        num_value: r.num_value,
      };
      values.set(key, cols);
    }
    return cols;
  };
  return {
    /** The citation of every value of a row: the list, with the row's record id and line. */
    sourcesOf(r: PersonRow): string {
      return JSON.stringify([{ sourceId: listId, locator: { record: r.recordId, row: r.line } }]);
    },
    /** One value of a row as a new claim of `personId`, citing the list. */
    row(r: PersonRow, v: RowValue, personId: string, sources: string, id = timeOrderedId()): NewClaimRow {
      return {
        id,
        entity_id: personId,
        property: v.property,
        ...columnsOf(v),
        sources,
        editorial: false,
        confidence: "medium",
        confidence_rule: null,
        visibility: v.visibility,
        status: "asserted",
        preferred: false,
        preferred_reason: null,
        origin: listOrigin(listId, r.recordId, v.column),
        // A cell kept unread says why (its visibility is never public: persons.csv.ts).
        ...(v.unparsed !== undefined ? { unparsed: v.unparsed } : {}),
        author,
        version: 1,
        created_at: at,
        updated_at: at,
      };
    },
  };
}
