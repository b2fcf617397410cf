import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  detectScript,
  nameSearchKey,
  nameSearchKeyVariants,
  normalizeText,
  parseName,
  phoneticKey,
  romanize,
  ROMANIZATION_SCHEMES,
  tokenKey,
} from "./index.ts";

describe("normalizeText", () => {
  it.each([
    ["علي كريمي", "علی کریمی"], // Arabic yeh and kaf
    ["فاطمة", "فاطمه"], // teh marbuta
    ["أحمد إبراهيم", "احمد ابراهیم"], // hamza forms of alef
    ["مُحَمَّد", "محمد"], // harakat
    ["بـهروز", "بهروز"], // tatweel
    ["رجایی‌شهر", "رجایی شهر"], // ZWNJ becomes a space
    ["۱۳۶۷/۰۶/۰۲", "1367/06/02"], // Persian digits
    ["١٣٦٧", "1367"], // Arabic-Indic digits
    ["  José  ÅSTRÖM ", "jose astrom"], // Latin case, accents, whitespace
    ["Straße", "strasse"],
    ["آرش", "آرش"], // alef madda is a letter of its own and stays
  ])("normalizes %s → %s", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe("detectScript", () => {
  it.each([
    ["حسین پور", "persian"],
    ["محمد", "persian"],
    ["علي", "arabic"],
    ["Hossein", "latin"],
    ["Hossein حسین", "mixed"],
    ["1367 ...", "unknown"],
  ])("%s is %s", (input, expected) => {
    expect(detectScript(input)).toBe(expected);
  });
});

describe("phoneticKey", () => {
  it.each([
    ["حسین", ["hossein", "hosein", "husayn", "hussein", "hoseyn"]],
    ["محمد", ["mohammad", "mohammed", "muhammad", "mohamad"]],
    ["علی", ["ali", "aly"]],
    ["رضایی", ["rezaei", "rezayi", "rezaee", "rezaie"]],
    ["خسرو", ["khosrow", "xosrow", "khosro"]],
    ["قاسم", ["ghasem", "qasem"]],
    ["فاطمه", ["fatemeh", "fateme"]],
    ["یوسف", ["yousef", "yusef", "yoosef"]],
    ["داوود", ["davood", "davud", "dawood"]],
    ["جعفر", ["jafar", "djafar", "ja'far"]],
    ["مصطفی", ["mostafa", "mustafa"]],
    ["نژاد", ["nejad", "nezhad"]],
    ["ابراهیم", ["ebrahim", "ibrahim"]],
  ])("%s keys like its Latin spellings", (fa, latins) => {
    const key = tokenKey(normalizeText(fa));
    for (const l of latins) expect(tokenKey(normalizeText(l)), l).toBe(key);
  });

  it.each([
    ["حسن", "حسین"], // Hassan is not Hossein
    ["محمد", "محمود"], // Mohammad is not Mahmoud
    ["احمد", "حامد"], // Ahmad is not Hamed
    ["محمد", "محمدی"], // the -i of a surname counts
  ])("keeps %s and %s apart", (a, b) => {
    expect(phoneticKey(normalizeText(a))).not.toBe(phoneticKey(normalizeText(b)));
  });
});

describe("parseName", () => {
  it.each([
    ["Sayed Jawad Rahimi", ["seyyed"], "jd rhimi"],
    ["سید جواد رحیمی", ["seyyed"], "jd rhimi"],
    ["Haj Ali Karimi", ["haj"], "ali krimi"],
    ["Mirza", [], "mirz"], // a lone title is the name
  ])("splits titles off %s", (input, titles, key) => {
    const parsed = parseName(input);
    expect(parsed.titles).toEqual(titles);
    expect(parsed.keys.join(" ")).toBe(key);
  });

  it.each([
    ["Mohammad Ali Ahmadi", "Mohammadali Ahmadi", "Mohammad-Ali Ahmadi", "محمدعلی احمدی"],
    ["Navid Hooraman zadeh", "Navid Hooramanzadeh", "Navid Hooraman-zade", "نوید هورمان‌زاده"],
    ["Saeed Fardanpour", "Saeed Fardan-pour", "سعید فردان‌پور", "سعید فردان پور"],
  ])("joins compound parts: %s", (...forms) => {
    const keys = forms.map((f) => nameSearchKey(f));
    expect(new Set(keys).size).toBe(1);
  });

  it("puts 'Surname, Given' back in order", () => {
    const parsed = parseName("Zareie, Hassan");
    expect(parsed.reordered).toBe(true);
    expect(parsed.keys).toEqual(["hsn", "zri"]);
  });
});

describe("nameSearchKey", () => {
  it("is the same for the Persian form and a Latin spelling", () => {
    expect(nameSearchKey("حسین محمدی")).toBe(nameSearchKey("Hossein Mohammadi"));
    expect(nameSearchKey("عليرضا حمودي")).toBe(nameSearchKey("Alireza Hamudi"));
  });
});

describe("romanize", () => {
  it.each([
    ["حسین رستمی", "popular", "hossein rostami"],
    ["خسرو", "simple", "khsru"],
    ["قاسم", "ungegn", "qāsm"],
    ["حسین", "ala-lc", "ḥsīn"],
  ] as const)("romanizes %s in %s", (fa, scheme, expected) => {
    expect(romanize(fa, scheme)).toBe(expected);
  });

  // The persian_names list (Apache-2.0) gives a popular romanization for ~26,000 given names.
  const rows = readFileSync(new URL("../../../shared/linkage/sources/persian_names/persian-gender-by-name.csv", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","))
    .filter(([fa, , en], k) => k % 4 === 0 && fa !== undefined && en !== undefined && !fa.includes(" "));

  it("keys most Persian names like their published romanization", () => {
    const agree = rows.filter(([fa, , en]) => tokenKey(normalizeText(fa!)) === tokenKey(normalizeText(en!))).length;
    expect(agree / rows.length).toBeGreaterThan(0.92);
  });

  it("keeps the phonetic key in every scheme", () => {
    const sample = rows.filter((_, k) => k % 5 === 0);
    for (const scheme of ROMANIZATION_SCHEMES) {
      const kept = sample.filter(([fa]) => tokenKey(normalizeText(romanize(fa!, scheme))) === tokenKey(normalizeText(fa!))).length;
      expect(kept / sample.length, scheme).toBeGreaterThan(0.95);
    }
  });
});

describe("nameSearchKeyVariants", () => {
  it.each([
    ["Mohammad Reza", "محمدرضا"],
    ["Mohammadreza", "محمد رضا"],
    ["محمد\u200cرضا", "Mohammadreza"],
    ["Alireza", "علی رضا"],
    ["Abdollah", "عبد الله"],
    ["Ruhollah", "روح الله"],
    ["Pourmohammadi", "پور محمدی"],
    ["Mir Hosseini", "Mirhosseini"],
    ["Gholam Hossein", "غلامحسین"],
  ])("gives %s a reading equal to the key of %s, its compound written the other way", (query, stored) => {
    expect(nameSearchKeyVariants(query)).toContain(nameSearchKey(stored));
  });

  it("puts the usual key first and never splits a name that merely ends in l", () => {
    expect(nameSearchKeyVariants("Hossein Karimi")[0]).toBe(nameSearchKey("Hossein Karimi"));
    expect(nameSearchKeyVariants("Jamal")).toEqual(["jml"]);
    expect(nameSearchKeyVariants("Esmail")).toEqual(["asmil"]);
  });
});

describe("normalizeText on text no database can hold", () => {
  it("turns control characters into spaces and drops unpaired surrogates", () => {
    expect(normalizeText("Zahra\u0000Tirgar\uD800")).toBe("zahra tirgar");
    expect(normalizeText("ok \uD83D\uDE00")).toBe("ok \uD83D\uDE00"); // a whole pair is kept
  });

  it("keys Qasim like قاسم", () => {
    expect(nameSearchKey("Qasim")).toBe(nameSearchKey("قاسم"));
  });
});
