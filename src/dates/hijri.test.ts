import { describe, expect, it } from "vitest";
import { dayFromGregorian, isoFromDay } from "./day-number.ts";
import { dayFromHijri, hijriFromDay, hijriMonthLength, hijriMonthStart } from "./hijri.ts";

describe("Umm al-Qura conversion through ICU", () => {
  it("finds the first day of every month in the table range AH 1300–1600", () => {
    const wrong: string[] = [];
    for (let year = 1300; year <= 1600; year++) {
      for (let month = 1; month <= 12; month++) {
        const start = hijriMonthStart(year, month);
        const h = hijriFromDay(start);
        const length = hijriMonthLength(year, month);
        if (h.year !== year || h.month !== month || h.day !== 1 || length < 29 || length > 30) {
          wrong.push(
            `${year}/${month}: ${isoFromDay(start)} is ${h.year}/${h.month}/${h.day}, length ${length}`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    [1408, 12, 15, "1988-07-29"],
    [1409, 1, 1, "1988-08-14"],
    [1356, 1, 1, "1937-03-14"],
    [1, 1, 1, "0622-07-19"], // arithmetic fallback outside the tables
  ])("%i/%i/%i AH is %s", (year, month, day, iso) => {
    expect(isoFromDay(dayFromHijri(year, month, day))).toBe(iso);
    expect(
      hijriFromDay(dayFromGregorian(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8)))),
    ).toEqual({ year, month, day });
  });
});
