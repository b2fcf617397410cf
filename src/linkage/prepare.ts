/**
 * Turns raw records and settings into comparisons and block keys. All parsing and normalization
 * happens once per record here; pair comparisons afterwards only look values up.
 */
import type { Comparison, PreparedRecords } from "./comparison.ts";
import { dateComparison, dateRanges } from "./date-compare.ts";
import { midYear } from "./dates.ts";
import { memoize } from "../shared/memo.ts";
import {
  codeComparison,
  columnText,
  exactComparison,
  genderCode,
  genderComparison,
  placeComparison,
  placeKey,
  stringComparison,
} from "./fields.ts";
import { createNameKeyer } from "./name-keys.ts";
import { nameComparison, personComparisons, personKeys } from "./person.ts";
import type { FieldSpec, LinkSettings } from "./settings.ts";
import { cellOf } from "./text.ts";

/** Builds the comparisons and block keys of one field. */
function prepareField(
  records: readonly Record<string, string>[],
  f: FieldSpec,
  keys: Map<string, string[]>,
  keyer: (raw: string) => readonly string[],
): Comparison[] {
  switch (f.kind) {
    case "person": {
      const pk = personKeys(records, f, keyer);
      keys.set(`${f.name}.given`, pk.given);
      keys.set(`${f.name}.surname`, pk.surname);
      keys.set(
        `${f.name}.full`,
        pk.given.map((g, i) => {
          // Order-free, so that "Mohammadi Tiyana" and "Tiyana Mohammadi" share the key.
          const sn = pk.surname[i]!;
          return g === "" ? "" : g <= sn ? `${g}|${sn}` : `${sn}|${g}`;
        }),
      );
      return personComparisons(f.name, pk, f.tf);
    }
    case "name": {
      const keyOf = (text: string) => keyer(text).join("");
      const k = records.map((r) => keyOf(f.columns.map((c) => cellOf(r, c)).join(" ")));
      keys.set(f.name, k);
      return [nameComparison(f.name, k, f.tf)];
    }
    case "string": {
      const v = columnText(records, f.columns);
      keys.set(f.name, v);
      return [stringComparison(f.name, v, f.tf)];
    }
    case "code": {
      const v = columnText(records, f.columns);
      keys.set(f.name, v);
      return [codeComparison(f.name, v, f.tf)];
    }
    case "exact": {
      const v = columnText(records, f.columns);
      keys.set(f.name, v);
      return [exactComparison(f.name, v, f.tf)];
    }
    case "place": {
      const v = columnText(records, f.columns);
      keys.set(f.name, v.map(memoize(placeKey)));
      return [placeComparison(f.name, v, f.tf)];
    }
    case "gender": {
      const v = columnText(records, f.columns);
      keys.set(f.name, v.map(genderCode));
      return [genderComparison(f.name, v)];
    }
    case "date": {
      const ranges = dateRanges(records, f.columns, f.age, f.ageAt);
      keys.set(f.name, ranges.map((r) => (r === undefined || r.precision !== "day" ? "" : String(r.lo))));
      keys.set(`${f.name}.year`, ranges.map((r) => (r === undefined ? "" : String(midYear(r)))));
      return [dateComparison(f.name, ranges)];
    }
  }
}

/** The block key names a field kind offers, for validating blocking rules. */
export function availableBlockKeys(settings: LinkSettings): Set<string> {
  const names = new Set<string>();
  for (const f of settings.fields) {
    if (f.kind === "person") ["given", "surname", "full"].forEach((p) => names.add(`${f.name}.${p}`));
    else if (f.kind === "date") names.add(f.name).add(`${f.name}.year`);
    else names.add(f.name);
  }
  return names;
}

/** Prepares records for comparison under the given settings. */
export function prepareRecords(records: readonly Record<string, string>[], settings: LinkSettings): PreparedRecords {
  const keys = new Map<string, string[]>();
  // One keyer for every name field: fathers' names are given names, so their words are shared.
  const keyer = createNameKeyer();
  const comparisons = settings.fields.flatMap((f) => prepareField(records, f, keys, keyer));
  const sources = records.map((r) => cellOf(r, settings.sourceColumn));
  return { size: records.length, comparisons, blockKeys: keys, sources };
}
