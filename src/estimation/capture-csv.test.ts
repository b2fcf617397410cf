import { describe, expect, it } from "vitest";
import { SabtError } from "../shared/errors.ts";
import { parseCaptureCsv } from "./capture-csv.ts";
import { buildCaptureTable, captureTableFromMemberships } from "./capture-table.ts";

const expectValidation = (f: () => unknown, message: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SabtError);
    expect((e as SabtError).id).toBe("validation_failed");
    expect((e as SabtError).message).toMatch(message);
    return;
  }
  throw new Error("expected a validation error");
};

describe("parseCaptureCsv", () => {
  it("reads patterns and counts into a frozen table", () => {
    const { table } = parseCaptureCsv("A,B,C,count\n1,0,0,30\n0,1,0,20\n1,1,0,5\n0,0,1,7\n");
    expect(table.lists).toEqual(["A", "B", "C"]);
    expect(table.observed).toBe(62);
    expect(table.cells).toEqual([
      { pattern: 1, count: 30 },
      { pattern: 2, count: 20 },
      { pattern: 3, count: 5 },
      { pattern: 4, count: 7 },
    ]);
    expect(Object.isFrozen(table)).toBe(true);
  });

  it("sums repeated patterns and drops zero counts", () => {
    const { table } = parseCaptureCsv("A,B,count\n1,0,3\n1,0,4\n0,1,0\n1,1,2\n");
    expect(table.cells).toEqual([
      { pattern: 1, count: 7 },
      { pattern: 3, count: 2 },
    ]);
  });

  it("splits rows by a stratum column", () => {
    const { table, strata } = parseCaptureCsv(
      "prison,A,B,count\nEvin,1,0,3\nEvin,0,1,4\nGohardasht,1,1,2\nGohardasht,1,0,1\n",
      {
        stratumColumn: "prison",
      },
    );
    expect(table.observed).toBe(10);
    expect([...(strata?.keys() ?? [])]).toEqual(["Evin", "Gohardasht"]);
    expect(strata?.get("Gohardasht")?.observed).toBe(3);
  });

  it.each([
    ["an empty file", "", /empty/],
    ["a header without rows", "A,B,count\n", /no data rows/],
    ["a single list", "A,count\n1,5\n", /at least 2 list columns/],
    ["the all-zero pattern", "A,B,count\n1,0,3\n0,0,9\n", /row 2: the all-zero pattern/],
    ["a non-numeric count", "A,B,count\n1,0,3\n0,1,many\n", /row 2, column "count": .*"many"/],
    ["a negative count", "A,B,count\n1,0,-3\n", /row 1, column "count"/],
    ["a fractional count", "A,B,count\n1,0,2.5\n", /row 1, column "count"/],
    ["a flag that is not 0 or 1", "A,B,count\n2,0,3\n", /row 1, column "A": flag must be 0 or 1/],
    ["a row with too few columns", "A,B,count\n1,0,3\n1,4\n", /row 2: has 2 columns, the header has 3/],
    ["a missing count column", "A,B,n\n1,0,3\n", /no "count" column/],
    ["only zero counts", "A,B,count\n1,0,0\n", /no one was observed/],
    ["an unknown stratum column", "A,B,count\n1,0,3\n", /no stratum column/],
  ])("rejects %s with an error naming the place", (_what, csv, message) => {
    expectValidation(
      () => parseCaptureCsv(csv, _what === "an unknown stratum column" ? { stratumColumn: "city" } : {}),
      message,
    );
  });
});

describe("buildCaptureTable", () => {
  it("rejects duplicate list names and inconsistent rows", () => {
    expectValidation(() => buildCaptureTable(["A", "A"], [{ flags: [1, 0], count: 1 }]), /appears twice/);
    expectValidation(
      () => buildCaptureTable(["A", "B"], [{ flags: [1], count: 1 }]),
      /row 1: expected 2 list flags/,
    );
    expectValidation(() => buildCaptureTable(["A", "B"], []), /no one was observed/);
  });
});

describe("captureTableFromMemberships", () => {
  it("counts linked people by the lists that recorded them", () => {
    const table = captureTableFromMemberships(
      ["amnesty", "boroumand", "justice"],
      [["amnesty"], ["amnesty", "justice"], ["justice", "amnesty"], ["boroumand"]],
    );
    expect(table.cells).toEqual([
      { pattern: 1, count: 1 },
      { pattern: 2, count: 1 },
      { pattern: 5, count: 2 },
    ]);
  });

  it("rejects people on no list or on an unknown list", () => {
    expectValidation(() => captureTableFromMemberships(["a", "b"], [[]]), /person 1: is on no list/);
    expectValidation(
      () => captureTableFromMemberships(["a", "b"], [["a"], ["c"]]),
      /person 2: unknown list "c"/,
    );
  });
});
