// The acceptance test: every Solar Hijri day from 1 Farvardin 1300 to the last day of Esfand 1500,
// written three ways, parses to the day jalaali-js gives; and that Gregorian day formats back to it.
import { jalaaliMonthLength, toGregorian } from "jalaali-js";
import { describe, expect, it } from "vitest";
import { toPersianDigits } from "./digits.ts";
import { formatDate } from "./format.ts";
import { jalaliMonthNames } from "./month-names.ts";
import { parseDate } from "./parse.ts";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

interface Day {
  jy: number;
  jm: number;
  jd: number;
  iso: string;
}

function everyJalaliDay(): Day[] {
  const days: Day[] = [];
  for (let jy = 1300; jy <= 1500; jy++) {
    for (let jm = 1; jm <= 12; jm++) {
      const length = jalaaliMonthLength(jy, jm);
      for (let jd = 1; jd <= length; jd++) {
        const { gy, gm, gd } = toGregorian(jy, jm, jd);
        days.push({ jy, jm, jd, iso: `${pad(gy, 4)}-${pad(gm)}-${pad(gd)}` });
      }
    }
  }
  return days;
}

describe("every Jalali day 1300–1500 SH agrees with jalaali-js", () => {
  const days = everyJalaliDay();

  it("covers all 201 years (73,414 days, first and last as expected)", () => {
    expect(days).toHaveLength(73_414);
    expect(days[0]?.iso).toBe("1921-03-21");
    expect(days.at(-1)).toMatchObject({ jy: 1500, jm: 12, jd: 29 });
  });

  // Collect mismatches instead of one expect per day: 300,000 expects would dominate the run time.
  const check = (label: string, write: (d: Day) => string) =>
    it(`parses the ${label} form of every day to jalaali-js's Gregorian day`, () => {
      const wrong: string[] = [];
      for (const day of days) {
        const text = write(day);
        const parsed = parseDate(text);
        if (parsed.earliest !== day.iso || parsed.latest !== day.iso || parsed.calendar !== "jalali") {
          wrong.push(`${text} → ${parsed.earliest}/${parsed.latest}, expected ${day.iso}`);
        }
      }
      expect(wrong.slice(0, 5)).toEqual([]);
    });

  check("ASCII numeric (1367/05/07)", (d) => `${d.jy}/${pad(d.jm)}/${pad(d.jd)}`);
  check("Persian (۷ مرداد ۱۳۶۷)", (d) => toPersianDigits(`${d.jd} ${jalaliMonthNames.fa[d.jm - 1]} ${d.jy}`));
  check("English (7 Mordad 1367)", (d) => `${d.jd} ${jalaliMonthNames.en[d.jm - 1]} ${d.jy}`);

  it("formats each Gregorian day back to the same Jalali day", () => {
    const wrong: string[] = [];
    for (const day of days) {
      const shown = formatDate(parseDate(day.iso), { lang: "en", calendar: "jalali" });
      const expected = `${day.jd} ${jalaliMonthNames.en[day.jm - 1]} ${day.jy}`;
      if (shown !== expected) wrong.push(`${day.iso} → ${shown}, expected ${expected}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
