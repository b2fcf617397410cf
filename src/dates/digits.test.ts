import { describe, expect, it } from "vitest";
import { toAsciiDigits, toPersianDigits } from "./digits.ts";

describe("digit helpers", () => {
  it.each([
    ["۱۳۶۷/۰۵/۰۷", "1367/05/07"],
    ["١٣٦٧/٠٥/٠٧", "1367/05/07"],
    ["۱۳۶۷/٠٥/07", "1367/05/07"],
    ["مرداد ۱۳۶۷", "مرداد 1367"],
    ["no digits", "no digits"],
    ["", ""],
  ])("toAsciiDigits(%j) is %j", (input, expected) => {
    expect(toAsciiDigits(input)).toBe(expected);
  });

  it.each([
    ["1367/05/07", "۱۳۶۷/۰۵/۰۷"],
    ["7 Mordad 1367", "۷ Mordad ۱۳۶۷"],
    ["0123456789", "۰۱۲۳۴۵۶۷۸۹"],
  ])("toPersianDigits(%j) is %j", (input, expected) => {
    expect(toPersianDigits(input)).toBe(expected);
  });

  it("round-trips every digit", () => {
    expect(toAsciiDigits(toPersianDigits("0123456789"))).toBe("0123456789");
  });
});
