import { parseDate } from "../dates/index.ts";
import { detectScript, nameSearchKey, normalizeText } from "../names/index.ts";
import { memoize } from "../shared/memo.ts";
import type { ClaimValueInput } from "./claim.schema.ts";
import type { ClaimValue } from "./claim.types.ts";

// Parsed dates are frozen values and the normalizers are pure: safe to share between claims.
// These caches live as long as the process, so they are bounded.
const CACHE_MAX = 50_000;
const parseDateCached = memoize((key: string) => {
  const [calendar, text] = [key.slice(0, key.indexOf("|")), key.slice(key.indexOf("|") + 1)];
  return parseDate(text, calendar ? { calendar: calendar as "gregorian" | "jalali" | "hijri" } : undefined);
}, CACHE_MAX);
const normalizeCached = memoize(normalizeText, CACHE_MAX);
const nameKeyCached = memoize(nameSearchKey, CACHE_MAX);
const scriptCached = memoize(detectScript, CACHE_MAX);

/** Parses a date claim's text (cached; throws `validation_failed` for an unparseable date). */
export function parseClaimDate(text: string, calendar?: "gregorian" | "jalali" | "hijri") {
  return parseDateCached(`${calendar ?? ""}|${text}`);
}

/** The columns derived from a claim value, for display, search and range queries. */
export interface ResolvedValue {
  value: ClaimValue;
  valueText: string;
  searchKey: string;
  refId: string | null;
  dateEarliest: string | null;
  dateLatest: string | null;
  numValue: number | null;
}

/**
 * Turns a client's value into the stored typed value plus its derived columns. Pure; throws
 * `validation_failed` for an unparseable date.
 */
export function resolveValue(input: ClaimValueInput): ResolvedValue {
  const base = { refId: null, dateEarliest: null, dateLatest: null, numValue: null };
  switch (input.type) {
    case "text":
      return { ...base, value: input, valueText: input.text, searchKey: normalizeCached(input.text).slice(0, 2000) };
    case "name": {
      const value: ClaimValue = { ...input, script: scriptCached(input.text) };
      // Names are searched by a script-independent phonetic key as well as by their normalized
      // text, so that a Persian-script name is found by its Latin spellings and vice versa.
      const searchKey = `${normalizeCached(input.text)} ${nameKeyCached(input.text)}`.trim();
      return { ...base, value, valueText: input.text, searchKey };
    }
    case "date": {
      const date = parseClaimDate(input.text, input.calendar);
      return {
        ...base,
        value: { type: "date", date },
        valueText: date.original,
        searchKey: "",
        dateEarliest: date.earliest,
        dateLatest: date.latest,
      };
    }
    case "number":
      return {
        ...base,
        value: input,
        valueText: input.unit ? `${input.amount} ${input.unit}` : String(input.amount),
        searchKey: "",
        numValue: input.amount,
      };
    case "entity":
      return { ...base, value: input, valueText: input.id, searchKey: "", refId: input.id };
    case "boolean":
      return { ...base, value: input, valueText: input.value ? "yes" : "no", searchKey: "" };
    case "url":
      return { ...base, value: input, valueText: input.url, searchKey: normalizeText(input.url) };
    case "geo":
      return { ...base, value: input, valueText: `${input.lat.toFixed(5)}, ${input.lon.toFixed(5)}`, searchKey: "" };
  }
}
