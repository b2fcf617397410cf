import { describe, expect, it } from "vitest";
import { intervalOf, overlaps } from "./interval.ts";
import { parseDate } from "./parse.ts";

describe("interval helpers for queries", () => {
  it("intervalOf returns the stored Gregorian interval", () => {
    expect(intervalOf(parseDate("Mordad 1367"))).toEqual({ earliest: "1988-07-23", latest: "1988-08-22" });
  });

  it.each([
    ["Mordad 1367", "1988-08-01", "1988-08-31", true],
    ["Mordad 1367", "1988-08-22", "1988-08-22", true], // last day counts
    ["Mordad 1367", "1988-08-23", "1988-09-30", false],
    ["Mordad 1367", "1988-01-01", "1988-07-22", false],
    ["7 Mordad 1367", "1988-07-29", "1988-07-29", true],
    ["before 1367", "1900-01-01", "1900-12-31", true],
    ["before 1367", "1988-03-21", "1988-12-31", false],
    ["after 1367", "2020-01-01", "2020-12-31", true],
    ["about 1340", "1962-06-01", "1962-06-30", true],
    ["summer 1367", "1988-09-22", "1988-12-31", true],
  ] as const)("%s overlaps %s … %s: %s", (text, from, to, expected) => {
    expect(overlaps(parseDate(text), from, to)).toBe(expected);
  });
});
