/**
 * What the sources agree on: the claims of one entity grouped by property and by equal value
 * (dates by their normalized interval, names and words by their normalized form, references by
 * the entity they name), each value with the distinct sources behind it. Pure, no I/O.
 */
import { normalizeText, detectScript } from "../../names/index.ts";
import type { PublicClaimRow } from "../../db/index.ts";
import { isEnumerated } from "../i18n/vocabulary.ts";
import { dateOf, type ClaimLike } from "./values.ts";

/** The claim columns the agreement reads. */
export type AgreementClaim = ClaimLike & Pick<PublicClaimRow, "id" | "sources">;

/** One value of a property and every claim that gives it. */
export interface AgreedValue<C extends AgreementClaim> {
  /** The first claim giving the value (preferred first): what is displayed. */
  shown: C;
  claims: C[];
  /** Distinct (public) sources giving this value. */
  sources: string[];
  /** True when an editor chose this value as the one to show (`preferred`). */
  preferred: boolean;
}

/** The values of one property side by side, compared within one script. */
export interface ValueGroup<C extends AgreementClaim> {
  /** `latin`, `arabic` (Persian and Arabic script) or `any` for dates, numbers and references. */
  script: "latin" | "arabic" | "any";
  values: AgreedValue<C>[];
  /** Distinct (public) sources that give this property in this script: the "of N". */
  total: number;
}

/** A property of the entity, with what its sources say. */
export interface PropertyAgreement<C extends AgreementClaim> {
  property: string;
  groups: ValueGroup<C>[];
  /**
   * True when the sources differ (two values in one script) or an editor marked a value as
   * contested; a spelling in another script is not a disagreement.
   */
  contested: boolean;
}

/** The script class of a written value: spellings are compared only with spellings in the same script. */
function scriptOf(text: string): "latin" | "arabic" {
  const s = detectScript(text);
  return s === "latin" ? "latin" : "arabic";
}

/** The key under which equal values meet, and the script class they are compared in. */
export function valueKey(c: ClaimLike): { key: string; script: ValueGroup<AgreementClaim>["script"] } {
  const v = c.value;
  switch (v.type) {
    case "date": {
      const d = dateOf(c);
      return { key: d ? `date:${d.earliest}/${d.latest}` : `text:${c.value_text}`, script: "any" };
    }
    case "entity":
      return { key: `ref:${c.ref_id ?? c.value_text}`, script: "any" };
    case "number":
      return { key: `num:${c.value_text}`, script: "any" };
    default: {
      // A code of a closed vocabulary ("male") is one value whatever the page's language.
      if (isEnumerated(c.property)) return { key: `code:${c.value_text.trim().toLowerCase()}`, script: "any" };
      // Names and words: one spelling however it was typed (Arabic letter forms, ZWNJ, case, spaces).
      const text = normalizeText(c.value_text).toLowerCase();
      return { key: `${String(v.type)}:${text}`, script: scriptOf(c.value_text) };
    }
  }
}

/** The claim a value is shown as: the preferred one, else the spelling most of its claims use. */
function shownClaim<C extends AgreementClaim>(v: AgreedValue<C>): C {
  const preferred = v.claims.find((c) => c.preferred);
  if (preferred) return preferred;
  const uses = new Map<string, number>();
  for (const c of v.claims) uses.set(c.value_text, (uses.get(c.value_text) ?? 0) + 1);
  return v.claims.reduce((best, c) => ((uses.get(c.value_text) ?? 0) > (uses.get(best.value_text) ?? 0) ? c : best), v.shown);
}

/**
 * Groups an entity's claims of the given properties (in that order) by equal value. `isPublicSource`
 * says which cited sources may be counted: a source that is not public is never counted, so the
 * counts cannot reveal it.
 */
export function agreementOf<C extends AgreementClaim>(
  claims: readonly C[],
  properties: readonly string[],
  isPublicSource: (sourceId: string) => boolean,
): PropertyAgreement<C>[] {
  const out: PropertyAgreement<C>[] = [];
  for (const property of properties) {
    const own = claims
      .filter((c) => c.property === property && c.status !== "retracted")
      .sort((a, b) => Number(b.preferred) - Number(a.preferred));
    if (own.length === 0) continue;
    const groups = new Map<string, { script: ValueGroup<C>["script"]; values: Map<string, AgreedValue<C>> }>();
    for (const c of own) {
      const { key, script } = valueKey(c);
      const group = groups.get(script) ?? { script, values: new Map<string, AgreedValue<C>>() };
      groups.set(script, group);
      const value = group.values.get(key) ?? { shown: c, claims: [], sources: [], preferred: false };
      group.values.set(key, value);
      value.claims.push(c);
      value.preferred ||= c.preferred;
      for (const s of c.sources) if (isPublicSource(s.sourceId) && !value.sources.includes(s.sourceId)) value.sources.push(s.sourceId);
    }
    for (const g of groups.values()) for (const v of g.values.values()) v.shown = shownClaim(v);
    const shaped = [...groups.values()].map((g) => {
      // Most sources first; the preferred value leads when an editor chose one.
      const values = [...g.values.values()].sort((a, b) => Number(b.preferred) - Number(a.preferred) || b.sources.length - a.sources.length);
      const total = new Set(values.flatMap((v) => v.sources)).size;
      return { script: g.script, values, total };
    });
    const differ = shaped.some((g) => g.values.length > 1);
    const marked = own.some((c) => c.status === "contested");
    out.push({ property, groups: shaped, contested: differ || marked });
  }
  return out;
}
