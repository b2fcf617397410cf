/**
 * Issue 13: names made of JavaScript's built-in property names ("Reza constructor", "__proto__
 * Ahmadi") are names like any other. Every pure name function must read them without throwing
 * and without a function or object from Object.prototype leaking into its result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_NAMES, LEAKED, builtinName, nameWithBuiltin, namesHolding } from "../../test/builtin-names.ts";
import {
  canonicalVariant,
  nameSearchKey,
  nameSearchKeyVariants,
  normalizePersian,
  normalizeText,
  parseName,
  phoneticKey,
  romanize,
  ROMANIZATION_SCHEMES,
  titleOf,
  tokenizeName,
  tokenKey,
} from "./index.ts";

const KEY = /^[a-z]*$/;
const KEYS = /^[a-z]+( [a-z]+)*$|^$/;

/** Runs every pure name function on one text and checks the shape of each result. */
function readsAsAName(text: string): void {
  const normalized = normalizeText(text);
  expect(typeof normalized).toBe("string");
  for (const token of tokenizeName(normalized)) {
    expect(canonicalVariant(token), token).toEqual(expect.any(String));
    expect(titleOf(token) === undefined || typeof titleOf(token) === "string", token).toBe(true);
    expect(phoneticKey(token), token).toMatch(KEY);
    expect(tokenKey(token), token).toMatch(KEY);
  }
  const parsed = parseName(text);
  for (const part of [...parsed.titles, ...parsed.tokens, ...parsed.keys]) expect(part, text).toEqual(expect.any(String));
  for (const key of parsed.keys) expect(key, text).toMatch(/^[a-z]+$/);
  expect(nameSearchKey(text), text).toMatch(KEYS);
  for (const reading of nameSearchKeyVariants(text)) expect(reading, text).toMatch(KEYS);
  for (const scheme of ROMANIZATION_SCHEMES) {
    const roman = romanize(text, scheme);
    expect(roman, `${scheme}: ${text}`).toEqual(expect.any(String));
    expect(roman).not.toMatch(LEAKED);
  }
  expect(JSON.stringify(parsed)).not.toMatch(LEAKED);
}

describe("names made of JavaScript built-in property names", () => {
  it("are read by every name function, alone and inside Latin and Persian names", () => {
    for (const name of BUILTIN_NAMES) for (const text of namesHolding(name)) readsAsAName(text);
  });

  it("are read in any spelling and position, with any separator (property-based)", () => {
    fc.assert(
      fc.property(nameWithBuiltin, (text) => readsAsAName(text)),
      { numRuns: 1000 },
    );
  });

  it("are neither spelling variants nor titles of anything, however they are written", () => {
    fc.assert(
      fc.property(builtinName, (name) => {
        expect(canonicalVariant(name)).toBe(name);
        expect(titleOf(name)).toBeUndefined();
        // Latin text is left as it is by romanization.
        expect(romanize(name)).toBe(normalizePersian(name));
      }),
      { numRuns: 500 },
    );
  });

  it("key like ordinary words: Reza constructor is two names, __proto__ Ahmadi too", () => {
    expect(nameSearchKey("Reza constructor")).toBe("rz knstrktr");
    expect(nameSearchKey("constructor")).toBe("knstrktr");
    expect(parseName("constructor Ahmadi")).toMatchObject({ titles: [], tokens: ["constructor", "ahmadi"] });
    expect(parseName("__proto__ Ahmadi").keys).toEqual(["prt", "ahmdi"]);
    expect(phoneticKey("__proto__")).toBe("prt");
    expect(tokenKey("toString")).toBe(phoneticKey("toString"));
  });
});
