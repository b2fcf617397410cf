/**
 * Issue 13: a date written with a JavaScript built-in property name where a month, season or
 * qualifier should be ("7 constructor 1367", "summer toString") is a date Sabt cannot read, and
 * must be refused as such (validation_failed, with a message), never crash the parser.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_NAMES, builtinName } from "../../test/builtin-names.ts";
import { isSabtError } from "../shared/errors.ts";
import { lookupMonthName } from "./month-names.ts";
import { foldText } from "./normalize.ts";
import { parseDate } from "./parse.ts";
import { PartialDateSchema } from "./partial-date.schema.ts";

/** Dates with a built-in name in every place a word may stand. */
function datesHolding(name: string): string[] {
  return [name, `7 ${name} 1367`, `${name} 1367`, `1367 ${name}`, `summer ${name} 1367`, `${name} 1367 SH`, `about ${name}`, `between ${name} and 1368`, `${name}–Mordad 1367`];
}

/** Parses a date; only a valid date or a validation error is an acceptable outcome. */
function parsesOrRefuses(text: string): void {
  let outcome: unknown;
  try {
    outcome = parseDate(text);
  } catch (e) {
    if (!isSabtError(e) || e.id !== "validation_failed") throw e;
    expect(e.message).toEqual(expect.any(String));
    return;
  }
  expect(PartialDateSchema.safeParse(outcome).success, text).toBe(true);
}

describe("dates holding JavaScript built-in property names", () => {
  it("are no month names, and fold to plain text", () => {
    for (const name of BUILTIN_NAMES) {
      expect(lookupMonthName(name), name).toBeUndefined();
      expect(foldText(name)).toBe(name.toLowerCase());
    }
  });

  it("are refused with a validation error, never a crash, in every position", () => {
    for (const name of BUILTIN_NAMES) for (const text of datesHolding(name)) parsesOrRefuses(text);
  });

  it("are refused in any spelling and calendar (property-based)", () => {
    fc.assert(
      fc.property(builtinName, fc.constantFrom("", " 1367", " 1988", "۷ ", "15 "), fc.constantFrom("jalali", "gregorian", "hijri", undefined), (name, around, calendar) => {
        const text = around.endsWith(" ") ? `${around}${name} 1367` : `${name}${around}`;
        try {
          const d = parseDate(text, calendar ? { calendar } : {});
          expect(PartialDateSchema.safeParse(d).success).toBe(true);
        } catch (e) {
          expect(isSabtError(e) && e.id === "validation_failed", String(e)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("still reads real seasons from the season table: summer 1367 is Tir–Shahrivar", () => {
    expect(parseDate("summer 1367")).toMatchObject({ qualifier: "between", month: 4, end: { month: 6 } });
  });
});
