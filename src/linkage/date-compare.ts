/**
 * Date comparison across calendars and precisions: same day, within a month, overlapping (one side
 * only gives a year or an age), within about a year, different.
 */
import type { Comparison } from "./comparison.ts";
import { memoize } from "../shared/memo.ts";
import type { DateRange } from "./dates.ts";
import { birthFromAge, parseDate, rangeGap } from "./dates.ts";
import { cellOf, normalizeCell } from "./text.ts";
import { withinOneEdit } from "./strings.ts";

/** Parses each record's date: one column, or year/month/day columns, or an age at another date. */
export function dateRanges(
  records: readonly Record<string, string>[],
  columns: readonly string[],
  age?: string,
  ageAt?: string,
): (DateRange | undefined)[] {
  const parse = memoize(parseDate);
  const number = memoize((s: string) => Number(normalizeCell(s)));
  const single = columns.length === 1 ? columns[0]! : undefined;
  const out = new Array<DateRange | undefined>(records.length);
  for (let k = 0; k < records.length; k++) {
    const r = records[k]!;
    let range: DateRange | undefined;
    if (single !== undefined) {
      // parseDate normalizes (and so trims) its input: the raw cell is the cache key.
      const raw = cellOf(r, single);
      range = raw === "" ? undefined : parse(raw);
    } else {
      const parts = columns.map((c) => cellOf(r, c).trim());
      if (parts.length === 3) {
        const [y, m, d] = parts as [string, string, string];
        if (y !== "") range = parse(m === "" ? y : d === "" ? `${y}-${m}` : `${y}-${m}-${d}`);
      } else {
        range = parse(parts.join(" "));
      }
    }
    if (range === undefined && age !== undefined && ageAt !== undefined) {
      const rawAge = cellOf(r, age);
      if (rawAge.trim() !== "") {
        const at = parse(cellOf(r, ageAt));
        if (at !== undefined) range = birthFromAge(number(rawAge), at);
      }
    }
    out[k] = range;
  }
  return out;
}

const DAY_MS = 86_400_000;

/** YYYYMMDD of a day-precise range, for catching a single mistyped digit. */
function digits(r: DateRange | undefined): string {
  if (r === undefined || r.precision !== "day") return "";
  return new Date(r.lo * DAY_MS).toISOString().slice(0, 10).replace(/-/g, "");
}

/** The comparison of one date field over prepared ranges. */
export function dateComparison(name: string, ranges: readonly (DateRange | undefined)[]): Comparison {
  const cache = new Map<number, string>();
  const text = ranges.map((r) => {
    if (r === undefined || r.precision !== "day") return "";
    let t = cache.get(r.lo);
    if (t === undefined) {
      t = digits(r);
      cache.set(r.lo, t);
    }
    return t;
  });
  return {
    name,
    levels: ["different", "within a year", "overlapping", "within a month", "same day"],
    blockKeys: [name, `${name}.year`],
    level(i, j) {
      const a = ranges[i];
      const b = ranges[j];
      if (a === undefined || b === undefined) return -1;
      const gap = rangeGap(a, b);
      const bothDays = a.precision === "day" && b.precision === "day";
      if (gap === 0 && bothDays) return 4;
      // Only two exact days can be "within a month": two month-precise dates a month apart are
      // simply different months.
      if (bothDays && (gap <= 31 || withinOneEdit(text[i]!, text[j]!))) return 3;
      if (gap === 0) return 2;
      return gap <= 400 ? 1 : 0;
    },
  };
}
