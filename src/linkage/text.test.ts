import { describe, expect, it } from "vitest";
import { normalizeText } from "../names/index.ts";
import { normalizeCell } from "./text.ts";

describe("normalizeCell", () => {
  it.each([
    "Mohammad  Reza", " 1988-08-24 ", "۱۳۶۷/۰۶/۰۲", "١٣٦٧", "O`Brien", "Zareie, Hassan", "عليرضا  كريمي", "José", "a\tb", "",
    "Evin Prison", "16 May 1984", "۳ خرداد ۱۳۶۶",
  ])("normalizes %j exactly as normalizeText does", (s) => {
    expect(normalizeCell(s)).toBe(normalizeText(s));
  });
});
