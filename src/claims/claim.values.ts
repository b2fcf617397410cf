import { parseDate } from "../dates/index.ts";
import { detectScript, nameSearchKey, normalizeText } from "../names/index.ts";
import type { ClaimValueInput } from "./claim.schema.ts";
import type { ClaimValue } from "./claim.types.ts";

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
      return { ...base, value: input, valueText: input.text, searchKey: normalizeText(input.text).slice(0, 2000) };
    case "name": {
      const value: ClaimValue = { ...input, script: detectScript(input.text) };
      // Names are searched by a script-independent phonetic key as well as by their normalized
      // text, so that a Persian-script name is found by its Latin spellings and vice versa.
      const searchKey = `${normalizeText(input.text)} ${nameSearchKey(input.text)}`.trim();
      return { ...base, value, valueText: input.text, searchKey };
    }
    case "date": {
      const date = parseDate(input.text, input.calendar ? { calendar: input.calendar } : undefined);
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
