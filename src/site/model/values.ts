/**
 * Pure helpers that read typed values out of public claim rows: per-language text, names by
 * script, dates, references. No I/O.
 */
import { PartialDateSchema, type PartialDate } from "../../dates/index.ts";
import type { PublicClaimRow } from "../../db/index.ts";
import type { Lang } from "../../i18n/index.ts";

/** The claim columns these helpers read. */
export type ClaimLike = Pick<PublicClaimRow, "entity_id" | "property" | "value" | "value_text" | "ref_id" | "preferred" | "status">;

/** The language of a text or name value: its `lang`, else guessed from its script. */
export function langOfValue(v: Record<string, unknown>): Lang | undefined {
  if (v.lang === "fa" || v.lang === "en") return v.lang;
  const text = typeof v.text === "string" ? v.text : "";
  if (v.script === "Arab" || /[\u0600-\u06FF]/.test(text)) return "fa";
  if (v.script === "Latn" || /[A-Za-z]/.test(text)) return "en";
  return undefined;
}

/** Preferred claims first, then the rest in their stored order. */
function byPreference<T extends ClaimLike>(claims: readonly T[]): T[] {
  return [...claims].sort((a, b) => Number(b.preferred) - Number(a.preferred));
}

/**
 * The text of a property in a language: the value written in that language, else (when
 * `fallback`) any value. Names of kind "full" are preferred over partial names.
 */
export function textIn(claims: readonly ClaimLike[], property: string, lang: Lang, fallback = true): string | undefined {
  const own = byPreference(claims.filter((c) => c.property === property));
  const full = (c: ClaimLike) => c.value.kind === undefined || c.value.kind === "full";
  const hit =
    own.find((c) => full(c) && langOfValue(c.value) === lang) ??
    own.find((c) => langOfValue(c.value) === lang) ??
    (fallback ? (own.find(full) ?? own[0]) : undefined);
  return hit?.value_text;
}

/** The display name of an entity in a language, from its title/name/label claims, else its label. */
export function displayName(claims: readonly ClaimLike[], lang: Lang, label: string): string {
  for (const p of ["title", "name", "label"]) {
    const own = textIn(claims, p, lang, false);
    if (own) return own;
  }
  if (lang === "en") return label;
  for (const p of ["title", "name", "label"]) {
    const any = textIn(claims, p, lang, true);
    if (any) return any;
  }
  return label;
}

/** The partial date of a date claim, validated (undefined when the stored value is not a date). */
export function dateOf(c: ClaimLike | undefined): PartialDate | undefined {
  if (!c || c.value.type !== "date") return undefined;
  const r = PartialDateSchema.safeParse(c.value.date);
  return r.success ? r.data : undefined;
}

/** The first (preferred) claim of a property. */
export function first<T extends ClaimLike>(claims: readonly T[], property: string): T | undefined {
  return byPreference(claims.filter((c) => c.property === property))[0];
}

/** Every claim of a property, preferred first. */
export function all<T extends ClaimLike>(claims: readonly T[], property: string): T[] {
  return byPreference(claims.filter((c) => c.property === property));
}

/** The referenced entity ids of a property. */
export function refsOf(claims: readonly ClaimLike[], property: string): string[] {
  return all(claims, property)
    .map((c) => c.ref_id)
    .filter((id): id is string => id !== null);
}

/** Groups claims by their subject entity. */
export function groupByEntity<T extends ClaimLike>(claims: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const c of claims) {
    const list = m.get(c.entity_id);
    if (list) list.push(c);
    else m.set(c.entity_id, [c]);
  }
  return m;
}
