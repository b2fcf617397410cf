import { describe, expect, it } from "vitest";
import { formatDate, type FormatDateOptions } from "./format.ts";
import { parseDate } from "./parse.ts";

type Row = readonly [
  text: string,
  calendar: FormatDateOptions["calendar"],
  lang: FormatDateOptions["lang"],
  shown: string,
];

describe("formatDate: shows precision and qualifier honestly, in either calendar and language", () => {
  it.each<Row>([
    ["Mordad 1367", "both", "en", "Mordad 1367 (July–August 1988)"],
    ["Mordad 1367", "both", "fa", "مرداد ۱۳۶۷ (ژوئیه–اوت ۱۹۸۸)"],
    ["Mordad 1367", "jalali", "en", "Mordad 1367"],
    ["Mordad 1367", "gregorian", "en", "July–August 1988"],
    ["Mordad 1367", "hijri", "en", "Dhu al-Hijjah 1408 – Muharram 1409"],
    ["1367/05/07", "both", "en", "7 Mordad 1367 (29 July 1988)"],
    ["1367/05/07", "both", "fa", "۷ مرداد ۱۳۶۷ (۲۹ ژوئیه ۱۹۸۸)"],
    ["1367/05/07", "hijri", "fa", "۱۵ ذی‌الحجه ۱۴۰۸"],
    ["1367", "both", "en", "1367 SH (1988–1989)"],
    ["1367", "both", "fa", "۱۳۶۷ (۱۹۸۸–۱۹۸۹ م)"],
    ["1988-07-29", "both", "en", "29 July 1988 (7 Mordad 1367)"],
    ["December 1988", "both", "en", "December 1988 (Azar–Dey 1367)"],
    ["Esfand 1367", "gregorian", "en", "February–March 1989"],
    ["1408 AH", "both", "en", "1408 AH (1987–1988)"],
    ["15 Dhu al-Hijjah 1408 AH", "both", "en", "15 Dhu al-Hijjah 1408 (29 July 1988)"],
    ["about 1340", "both", "en", "about 1340 SH (about 1961–1962)"],
    ["about 1340", "jalali", "fa", "حدود ۱۳۴۰"],
    ["before 1367", "both", "en", "before 1367 SH (before 21 March 1988)"],
    ["after Mordad 1367", "both", "en", "after Mordad 1367 (after 22 August 1988)"],
    ["after Mordad 1367", "jalali", "fa", "بعد از مرداد ۱۳۶۷"],
    [
      "1367/05/01 – 1367/06/31",
      "both",
      "en",
      "between 1 Mordad 1367 and 31 Shahrivar 1367 (between 23 July 1988 and 22 September 1988)",
    ],
    ["summer 1367", "jalali", "fa", "از تیر ۱۳۶۷ تا شهریور ۱۳۶۷"],
    ["summer 1367", "gregorian", "en", "between June 1988 and September 1988"],
  ])("%s in %s (%s) reads %j", (text, calendar, lang, shown) => {
    expect(formatDate(parseDate(text), { calendar, lang })).toBe(shown);
  });

  it.each([
    "Mordad 1367",
    "۷ مرداد ۱۳۶۷",
    "1367",
    "about 1340",
    "before 7 Mordad 1367",
    "after 1988",
    "1367/05/01 – 1367/06/31",
    "15 Dhu al-Hijjah 1408 AH",
    "July 1988",
  ])("%s formatted in its own calendar parses back to the same interval", (text) => {
    const d = parseDate(text);
    for (const lang of ["en", "fa"] as const) {
      const again = parseDate(formatDate(d, { lang, calendar: d.calendar }));
      expect([again.earliest, again.latest, again.qualifier]).toEqual([d.earliest, d.latest, d.qualifier]);
    }
  });
});
