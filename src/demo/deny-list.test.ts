import { describe, expect, it } from "vitest";
import { generateDemo } from "./generate.ts";
import { FEMALE_GIVEN, INVENTED_ROOTS, INVENTED_SUFFIXES, MALE_GIVEN, SURNAMES } from "./names.ts";

// A guard only: surnames of well-known officials and public figures, so that no generated name
// ever reads as a real person. It holds no victim's or witness's name, by design.
const DENY_LATIN = [
  "khomeini",
  "khamenei",
  "rafsanjani",
  "montazeri",
  "raisi",
  "raeisi",
  "nayyeri",
  "nayeri",
  "eshraghi",
  "pourmohammadi",
  "lajevardi",
  "reyshahri",
  "fallahian",
  "ardebili",
  "ardabili",
  "larijani",
  "ejei",
  "razini",
  "mobasheri",
  "rouhani",
  "ahmadinejad",
  "khatami",
  "soleimani",
  "noury",
];
const DENY_PERSIAN = [
  "خمینی",
  "خامنه‌ای",
  "رفسنجانی",
  "منتظری",
  "رئیسی",
  "نیری",
  "اشراقی",
  "پورمحمدی",
  "لاجوردی",
  "ری‌شهری",
  "فلاحیان",
  "اردبیلی",
  "لاریجانی",
  "اژه‌ای",
  "رازینی",
  "مبشری",
  "روحانی",
  "احمدی‌نژاد",
  "خاتمی",
  "سلیمانی",
];

const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/ي/g, "ی")
    .replace(/ك/g, "ک")
    .replace(/[\u200c\s-]/g, "");
const denied = [...DENY_LATIN, ...DENY_PERSIAN].map(norm);
const hits = (s: string): string[] => denied.filter((d) => norm(s).includes(d));

describe("the deny-list guard", () => {
  it("finds no well-known surname in the name tables", () => {
    const all = [
      ...MALE_GIVEN,
      ...FEMALE_GIVEN,
      ...SURNAMES,
      ...INVENTED_ROOTS,
      ...INVENTED_SUFFIXES,
    ].flatMap((p) => [p.fa, p.en]);
    expect(all.flatMap(hits)).toEqual([]);
  });

  it("finds no well-known surname anywhere in the generated names, lists or articles", () => {
    const demo = generateDemo({ seed: 3 });
    const texts: string[] = [];
    for (const l of demo.lists) {
      for (const r of l.records) texts.push(r.full_name, r.first_name, r.last_name, r.father_name);
    }
    for (const c of demo.claims) {
      if (c.value.type === "name" || c.value.type === "text") texts.push(c.value.value);
    }
    for (const e of demo.entities) texts.push(e.label);
    for (const a of demo.articles) {
      texts.push(a.versions.en.title, a.versions.fa.title, a.versions.en.body, a.versions.fa.body);
    }
    expect(texts.flatMap(hits)).toEqual([]);
  });

  it("catches a denied name when one is present", () => {
    expect(hits("Ali Raisi-zadeh")).toEqual(["raisi"]);
  });
});
