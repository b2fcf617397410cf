import { describe, expect, it } from "vitest";
import { dateComparison } from "./date-compare.ts";
import { birthFromAge, gregorianYear, parseDate } from "./dates.ts";

const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);

describe("parseDate", () => {
  it.each([
    ["۱۳۶۷/۰۶/۰۲", "1988-08-24", "1988-08-24", "day"],
    ["1988-08-24", "1988-08-24", "1988-08-24", "day"],
    ["19880824", "1988-08-24", "1988-08-24", "day"],
    ["24 August 1988", "1988-08-24", "1988-08-24", "day"],
    ["August 24, 1988", "1988-08-24", "1988-08-24", "day"],
    ["۲ شهریور ۱۳۶۷", "1988-08-24", "1988-08-24", "day"],
    ["شهریور ۱۳۶۷", "1988-08-23", "1988-09-22", "month"],
    ["1367", "1988-03-21", "1989-03-20", "year"],
    ["January 2015", "2015-01-01", "2015-01-31", "month"],
    ["19260230", "1926-02-01", "1926-02-28", "month"], // impossible day: month kept
  ])("%s → %s..%s (%s)", (raw, lo, hi, precision) => {
    const r = parseDate(raw);
    expect(r && [iso(r.lo), iso(r.hi), r.precision]).toEqual([lo, hi, precision]);
  });

  it.each(["", "unknown", "n/a", "12"])("returns undefined for %j", (raw) => {
    expect(parseDate(raw)).toBeUndefined();
  });
});

describe("dateComparison", () => {
  const level = (a: string, b: string) => {
    const ranges = [parseDate(a), parseDate(b)];
    return dateComparison("d", ranges).levels[dateComparison("d", ranges).level(0, 1)] ?? "missing";
  };
  it.each([
    ["1367/06/02", "1988-08-24", "same day"],
    ["1367/06/02", "26 August 1988", "within a month"],
    ["1367", "1988-08-24", "overlapping"],
    ["1366", "1988-08-24", "within a year"],
    ["1360", "1988-08-24", "different"],
    ["", "1988-08-24", "missing"],
  ])("%s vs %s: %s", (a, b, expected) => {
    expect(level(a, b)).toBe(expected);
  });

  it("turns an age at death into a birth range that contains the birth", () => {
    const death = parseDate("1988-08-24")!;
    const birth = birthFromAge(30, death)!;
    const truth = parseDate("1958-01-15")!;
    expect(truth.lo).toBeGreaterThanOrEqual(birth.lo);
    expect(truth.lo).toBeLessThanOrEqual(birth.hi);
  });
});

describe("gregorianYear", () => {
  it("agrees with Date on every day from 1800 to 2100", () => {
    const wrong: number[] = [];
    for (let d = Math.round(Date.UTC(1800, 0, 1) / 86_400_000); d < Date.UTC(2100, 0, 1) / 86_400_000; d++) {
      if (gregorianYear(d) !== new Date(d * 86_400_000).getUTCFullYear()) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });
});
