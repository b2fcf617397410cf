import { describe, expect, it } from "vitest";
import { parseDate } from "./parse.ts";
import { PartialDateSchema } from "./partial-date.schema.ts";

describe("PartialDateSchema", () => {
  const valid = parseDate("1367/05/07");

  it("accepts a parsed date, also after a JSON round trip", () => {
    expect(PartialDateSchema.parse(JSON.parse(JSON.stringify(valid)))).toEqual(valid);
  });

  it.each([
    ["a precision that disagrees with the fields", { ...valid, precision: "month" }, "precision"],
    ["a day without a month", { ...valid, month: undefined }, "month"],
    ["an end on a non-range", { ...valid, end: { year: 1368 } }, "end"],
    ["a range without an end", { ...valid, qualifier: "between" }, "end"],
    ["an inverted interval", { ...valid, earliest: "1989-01-01" }, "latest"],
    ["a non-ISO bound", { ...valid, earliest: "29/07/1988" }, "earliest"],
    ["an unknown calendar", { ...valid, calendar: "julian" }, "calendar"],
  ])("rejects %s", (_label, value, path) => {
    const result = PartialDateSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
