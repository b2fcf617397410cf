import { describe, expect, it } from "vitest";
import { addDays, fromJalali, gregorianDate, jalaliDate, withDigits } from "./dates.ts";

describe("demo dates", () => {
  it("renders Jalali days, months and years with their Gregorian intervals", () => {
    const iso = fromJalali(1367, 5, 12);
    expect(iso).toBe("1988-08-03");
    expect(jalaliDate(iso, "slash", "persian").text).toBe("۱۳۶۷/۰۵/۱۲");
    expect(jalaliDate(iso, "words", "ascii").text).toBe("12 مرداد 1367");
    expect(jalaliDate(iso, "month", "persian")).toMatchObject({
      text: "مرداد ۱۳۶۷",
      precision: "month",
      earliest: "1988-07-23",
      latest: "1988-08-22",
    });
    expect(jalaliDate(iso, "year", "arabic")).toMatchObject({
      text: "١٣٦٧",
      earliest: "1988-03-21",
      latest: "1989-03-20",
    });
  });

  it("renders Gregorian partial dates", () => {
    expect(gregorianDate("1988-02-10", "month")).toMatchObject({
      text: "February 1988",
      earliest: "1988-02-01",
      latest: "1988-02-29",
    });
    expect(gregorianDate("1988-08-03", "mdy").text).toBe("August 3, 1988");
  });

  it("adds days across months and years without a clock", () => {
    expect(addDays("1988-12-31", 1)).toBe("1989-01-01");
    expect(addDays("1988-03-01", -1)).toBe("1988-02-29");
    expect(withDigits("1367", "persian")).toBe("۱۳۶۷");
  });
});
