import { describe, expect, it } from "vitest";
import { SabtError } from "../shared/errors.ts";
import { parseDate, type ParseDateOptions } from "./parse.ts";
import { OPEN_END, OPEN_START, PartialDateSchema } from "./partial-date.schema.ts";

/** [text, earliest, latest] rows: the normalized interval is what queries use, so it is what we pin. */
type IntervalRow = readonly [string, string, string];

const expectInterval = ([text, earliest, latest]: IntervalRow, opts?: ParseDateOptions) => {
  const d = parseDate(text, opts);
  expect({ earliest: d.earliest, latest: d.latest }).toEqual({ earliest, latest });
  // Every value the parser returns is one the boundary schema accepts.
  expect(PartialDateSchema.safeParse(d).success).toBe(true);
};

describe("parseDate: precision sets the span of an exact date", () => {
  it.each<IntervalRow>([
    ["1367", "1988-03-21", "1989-03-20"],
    ["Mordad 1367", "1988-07-23", "1988-08-22"],
    ["7 Mordad 1367", "1988-07-29", "1988-07-29"],
    ["1367/05", "1988-07-23", "1988-08-22"],
    ["05/1367", "1988-07-23", "1988-08-22"],
    ["Esfand 1366", "1988-02-20", "1988-03-20"], // leap year: 30 days
    ["Esfand 1367", "1989-02-20", "1989-03-20"], // common year: 29 days
    ["30 Esfand 1366", "1988-03-20", "1988-03-20"],
    ["1399/12/30", "2021-03-20", "2021-03-20"],
    ["1988", "1988-01-01", "1988-12-31"],
    ["July 1988", "1988-07-01", "1988-07-31"],
    ["February 1988", "1988-02-01", "1988-02-29"],
    ["1988-07-29", "1988-07-29", "1988-07-29"],
  ])("%s spans %s … %s", (...row) => expectInterval(row));

  it.each([
    ["1367", "year", undefined, undefined],
    ["Mordad 1367", "month", 5, undefined],
    ["1367/05/07", "day", 5, 7],
  ] as const)("%s has precision %s and keeps its entry-calendar fields", (text, precision, month, day) => {
    const d = parseDate(text);
    expect(d).toMatchObject({ original: text, calendar: "jalali", precision, year: 1367 });
    expect([d.month, d.day]).toEqual([month, day]);
  });
});

describe("parseDate: qualifiers widen or open the interval by the documented rules", () => {
  it.each<IntervalRow>([
    ["about 1340", "1960-03-21", "1963-03-20"], // ±1 year: 1339 … 1341
    ["c. 1340", "1960-03-21", "1963-03-20"],
    ["circa 1340", "1960-03-21", "1963-03-20"],
    ["~1340", "1960-03-21", "1963-03-20"],
    ["حدود ۱۳۴۰", "1960-03-21", "1963-03-20"],
    ["حدوداً ۱۳۴۰", "1960-03-21", "1963-03-20"],
    ["در حدود ۱۳۴۰", "1960-03-21", "1963-03-20"],
    ["about Mordad 1367", "1988-06-22", "1988-09-22"], // ±1 month: Tir … Shahrivar
    ["about Esfand 1367", "1989-01-21", "1989-04-20"], // crosses into Farvardin 1368
    ["about 7 Mordad 1367", "1988-07-22", "1988-08-05"], // ±7 days
    ["about July 1988", "1988-06-01", "1988-08-31"],
    ["before 1367", OPEN_START, "1988-03-20"],
    ["قبل از ۷ مرداد ۱۳۶۷", OPEN_START, "1988-07-28"],
    ["پیش از ۱۳۶۷", OPEN_START, "1988-03-20"],
    ["after Mordad 1367", "1988-08-23", OPEN_END],
    ["بعد از ۱۳۶۷", "1989-03-21", OPEN_END],
    ["پس از مرداد ۱۳۶۷", "1988-08-23", OPEN_END],
  ])("%s spans %s … %s", (...row) => expectInterval(row));

  it("records the qualifier it read", () => {
    expect(parseDate("about 1340").qualifier).toBe("about");
    expect(parseDate("before 1367").qualifier).toBe("before");
    expect(parseDate("after 1367").qualifier).toBe("after");
    expect(parseDate("1367").qualifier).toBe("exact");
  });
});

describe("parseDate: ranges", () => {
  it.each<IntervalRow>([
    ["1367/05/01 – 1367/06/31", "1988-07-23", "1988-09-22"],
    ["1367/05/01 - 1367/06/31", "1988-07-23", "1988-09-22"],
    ["between 1366 and 1367", "1987-03-21", "1989-03-20"],
    ["from 1366 to 1367", "1987-03-21", "1989-03-20"],
    ["بین ۱۳۶۶ و ۱۳۶۷", "1987-03-21", "1989-03-20"],
    ["از تیر تا شهریور ۱۳۶۷", "1988-06-22", "1988-09-22"], // start borrows the end's year
    ["1–15 Mordad 1367", "1988-07-23", "1988-08-06"], // start borrows month and year
    ["summer 1367", "1988-06-22", "1988-09-22"], // Tir–Shahrivar
    ["تابستان ۱۳۶۷", "1988-06-22", "1988-09-22"],
    ["winter 1367", "1988-12-22", "1989-03-20"], // Dey–Esfand
  ])("%s spans %s … %s", (...row) => expectInterval(row));

  it("stores a range as a start, an end and the qualifier between", () => {
    expect(parseDate("1367/05/01 – 1367/06/31")).toMatchObject({
      qualifier: "between",
      precision: "day",
      year: 1367,
      month: 5,
      day: 1,
      end: { year: 1367, month: 6, day: 31 },
    });
  });
});

describe("parseDate: Lunar Hijri (Umm al-Qura)", () => {
  it.each<IntervalRow>([
    ["15 Dhu al-Hijjah 1408 AH", "1988-07-29", "1988-07-29"],
    ["1408 AH", "1987-08-26", "1988-08-13"],
    ["۱۴۰۸ ق", "1987-08-26", "1988-08-13"],
    ["Muharram 1409", "1988-08-14", "1988-09-12"],
    ["10 محرم ۱۴۰۹", "1988-08-23", "1988-08-23"],
    ["Rabi al-Awwal 1408", "1987-10-24", "1987-11-22"],
    ["ربیع‌الاول ۱۴۰۸ ق", "1987-10-24", "1987-11-22"],
    ["Jumada II 1408", "1988-01-21", "1988-02-18"],
    ["Dhu al-Qa'dah 1408", "1988-06-15", "1988-07-14"],
    ["ذی‌القعده ۱۴۰۸", "1988-06-15", "1988-07-14"],
  ])("%s spans %s … %s", (...row) => expectInterval(row));

  it("reads a bare numeric date as Hijri only when asked", () => {
    expectInterval(["1408/12/15", "1988-07-29", "1988-07-29"], { calendar: "hijri" });
    expect(parseDate("1408/12/15").calendar).toBe("jalali");
  });
});

describe("parseDate: digits, separators and spellings", () => {
  it.each([
    "1367/05/07",
    "۱۳۶۷/۰۵/۰۷",
    "١٣٦٧/٠٥/٠٧",
    "1367-05-07",
    "1367.5.7",
    "۱۳۶۷-۰۵-۰۷",
    "07/05/1367",
    "7 5 1367",
    "7 Mordad 1367",
    "7th of Mordad 1367",
    "Mordad 7, 1367",
    "۷ مرداد ۱۳۶۷",
    "٧ مرداد ١٣٦٧",
    "۷ مرداد ماه ۱۳۶۷",
    "7 Mordaad 1367",
    "7 Amordad 1367",
    "7 امرداد ۱۳۶۷",
    "1367/05/07 SH",
    "۱۳۶۷/۰۵/۰۷ هـ.ش",
    "۱۳۶۷/۰۵/۰۷ ش",
  ])("%s is 7 Mordad 1367 (29 July 1988)", (text) => {
    expect(parseDate(text)).toMatchObject({
      calendar: "jalali",
      earliest: "1988-07-29",
      latest: "1988-07-29",
    });
  });

  it.each([
    ["Khordaad 1367", 3],
    ["Shahrivar 1367", 6],
    ["Shahrivar 1367", 6],
    ["Day 1367", 10],
    ["Dey 1367", 10],
    ["Āzar 1367", 9],
    ["Isfand 1367", 12],
  ] as const)("%s is Jalali month %i", (text, month) => {
    expect(parseDate(text)).toMatchObject({ calendar: "jalali", month });
  });

  it.each([
    ["29 July 1988", "1988-07-29"],
    ["July 29, 1988", "1988-07-29"],
    ["29/07/1988", "1988-07-29"],
    ["07/29/1988", "1988-07-29"],
    ["15 Sept 1988", "1988-09-15"],
    ["۲۹ ژوئیه ۱۹۸۸", "1988-07-29"],
    ["۲۹ جولای ۱۹۸۸ م", "1988-07-29"],
    ["1988-07-29 CE", "1988-07-29"],
  ])("%s is Gregorian %s", (text, iso) => {
    expect(parseDate(text)).toMatchObject({ calendar: "gregorian", earliest: iso, latest: iso });
  });
});

describe("parseDate: calendar inference", () => {
  it.each([
    ["1367", undefined, "jalali"],
    ["1988", undefined, "gregorian"],
    ["1850", undefined, "gregorian"],
    ["1408 AH", undefined, "hijri"],
    ["1367 SH", undefined, "jalali"],
    ["۱۹۸۸ م", undefined, "gregorian"],
    ["1988 CE", undefined, "gregorian"],
    ["1250", "jalali", "jalali"],
    ["1408/12/15", "hijri", "hijri"],
    ["1367", "gregorian", "gregorian"],
    ["Mordad 1367", "gregorian", "jalali"], // a month name in the text outranks the default
  ] as const)("%s with calendar option %s is %s", (text, calendar, expected) => {
    expect(parseDate(text, calendar ? { calendar } : {}).calendar).toBe(expected);
  });
});

describe("parseDate: refuses bad input with a clear message", () => {
  it.each([
    ["", /date is empty/],
    ["   ", /date is empty/],
    ["garbage", /"garbage" is not a month name/],
    ["30 Esfand 1367", /Esfand 1367 has 29 days, so day 30 does not exist/],
    ["1367/12/30", /Esfand 1367 has 29 days/],
    ["31 Mehr 1367", /Mehr 1367 has 30 days/],
    ["1367/13/01", /month 13 does not exist/],
    ["1367/0/10", /month 0 does not exist/],
    ["1367/05/32", /day 32 does not exist/],
    ["30 Ramadan 1408", /Ramadan 1408 has 29 days/],
    ["30 February 1988", /February 1988 has 29 days/],
    ["Mordad", /a year is missing/],
    ["67", /"67" is not a full year/],
    ["7 Mordad 67", /"67" is not a full year/],
    ["07/05/1988", /could be day\/month or month\/day/],
    ["1250", /cannot tell the calendar of year 1250/],
    ["1988 ش", /outside the supported range/],
    ["Mordad 1988 CE", /month name is jalali but the marker says gregorian/],
    ["1367 SH AH", /conflicting calendar markers/],
    ["Mordad Tir 1367", /two month names/],
    ["1367/05/07/01", /too many numbers/],
    ["between 1360 and 1359", /the range ends before it starts/],
    ["1367/06/31 – 1367/05/01", /the range ends before it starts/],
    ["summer 1988", /seasons are only understood in the Jalali calendar/],
  ])("%j is refused (%s)", (text, message) => {
    let caught: unknown;
    try {
      parseDate(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SabtError);
    expect((caught as SabtError).id).toBe("validation_failed");
    expect((caught as SabtError).message).toMatch(message);
  });

  it("returns frozen values", () => {
    const d = parseDate("1367/05/01 – 1367/06/31");
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.end)).toBe(true);
  });
});

describe("parseDate: what victim-list spreadsheets send", () => {
  it.each<IntervalRow>([
    ["1367-1368", "1988-03-21", "1990-03-20"],
    ["1988-1989", "1988-01-01", "1989-12-31"],
    ["1367/05/10-1367/06/10", "1988-08-01", "1988-09-01"],
    ["۱۳۶۷-۱۳۶۸ ش", "1988-03-21", "1990-03-20"],
  ])("reads a hyphen without spaces between two years as a range: %s spans %s … %s", (...row) => expectInterval(row));

  it.each([
    ["1988-07", "month"],
    ["1367-05-10", "day"],
    ["Rabi al-Awwal 1408", "month"],
  ] as const)("still reads %s, whose hyphens are inside one date, as one %s", (text, precision) => {
    expect(parseDate(text)).toMatchObject({ qualifier: "exact", precision });
  });

  it.each([
    "\u200f1367/05/10",
    "1367/05/10\u200e",
    "\u202b۱۳۶۷/۰۵/۱۰\u202c",
    "۱۳۶۷٫۰۵٫۱۰",
    "\u2067۱۰ مرداد ۱۳۶۷\u2069",
  ])("ignores direction marks and Arabic separators copied from right-to-left documents: %j", (text) => {
    expect(parseDate(text)).toMatchObject({ calendar: "jalali", earliest: "1988-08-01", latest: "1988-08-01" });
  });

  it.each(["1988-07-29T00:00:00", "1988-07-29 00:00:00", "1988-07-29T00:00:00.000Z"])(
    "reads a date exported with a zero time: %s",
    (text) => {
      expect(parseDate(text)).toMatchObject({ calendar: "gregorian", precision: "day", earliest: "1988-07-29" });
    },
  );

  it("reads a Jalali date exported with a zero time", () => {
    expect(parseDate("1367/05/10 00:00:00")).toMatchObject({ calendar: "jalali", precision: "day", earliest: "1988-08-01" });
  });

  it("still refuses a hyphenated range that runs backwards", () => {
    expect(() => parseDate("1368-1367")).toThrow(/the range ends before it starts/);
  });
});

describe("parseDate: decades", () => {
  it.each([
    ["1980s", "gregorian", "1980-01-01", "1989-12-31"],
    ["the 1960s", "gregorian", "1960-01-01", "1969-12-31"],
    ["1360s", "jalali", "1981-03-21", "1991-03-20"],
    ["دهه ۶۰", "jalali", "1981-03-21", "1991-03-20"],
    ["دهه‌ی ۶۰", "jalali", "1981-03-21", "1991-03-20"],
    ["دهه ۱۳۴۰", "jalali", "1961-03-21", "1971-03-20"],
    ["دهه ۶۰ میلادی", "gregorian", "1960-01-01", "1969-12-31"],
  ])("reads %s as ten years", (text, calendar, earliest, latest) => {
    expect(parseDate(text)).toMatchObject({ calendar, qualifier: "between", earliest, latest });
  });

  it("refuses a decade that is not a round number, or a qualified one", () => {
    expect(() => parseDate("دهه ۶۵")).toThrow(/round number/);
    expect(() => parseDate("about 1980s")).toThrow(/a decade cannot be qualified/);
  });
});
